import { describe, expect, it } from "vitest";
import { JsonObjectStream } from "./json-object-stream";
import type { ParseIssue } from "./types";

function read(input: string, chunk = 0, envelopeKeys = ["events"]) {
  const records: Array<[unknown, number]> = [];
  const issues: ParseIssue[] = [];
  const stream = new JsonObjectStream((v, line) => records.push([v, line]), (i) => issues.push(i), envelopeKeys);
  const bytes = Buffer.from(input);
  const size = chunk || bytes.length || 1;
  for (let i = 0; i < bytes.length; i += size) stream.write(bytes.subarray(i, i + size));
  stream.end();
  return { records, issues };
}

describe("JsonObjectStream", () => {
  const tricky = { message: 'a "quoted" {brace} [bracket] \\ backslash \\" end', nested: { list: [1, { x: "}" }] } };

  it("emits JSON lines, arrays and envelope members with the line they start on", () => {
    const input = [
      JSON.stringify(tricky),
      "[",
      ` ${JSON.stringify({ a: 1 })},`,
      ` ${JSON.stringify({ b: 2 })}`,
      "]",
      `{"nextToken": "x", "events": [`,
      `  {"c": 3}`,
      `], "searched": [{"not": "a record"}]}`,
    ].join("\n");
    const expected = [
      [tricky, 1],
      [{ a: 1 }, 3],
      [{ b: 2 }, 4],
      [{ c: 3 }, 7],
    ];
    for (const chunk of [0, 1, 2, 5, 13]) expect(read(input, chunk)).toEqual({ records: expected, issues: [] });
  });

  it("handles backslashes and multi-byte characters split across chunks", () => {
    const value = { s: "\\\\\\\"·\\" };
    const text = JSON.stringify(value) + JSON.stringify(value);
    for (let chunk = 1; chunk < 8; chunk++) expect(read(text, chunk).records).toEqual([[value, 1], [value, 1]]);
  });

  it("reports stray text, non-object elements, bad JSON and a truncated end, then carries on", () => {
    const input = ['garbage {"a":1}', '{"b":2}', '[1, "x", {"c":3}]', '{"d": nope}', '{"e": [1, 2'].join("\n");
    expect(read(input)).toEqual({
      records: [[{ b: 2 }, 2], [{ c: 3 }, 3]],
      issues: [
        { line: 1, message: 'unexpected "g" outside a JSON value; line skipped' },
        { line: 3, message: "array element is not a JSON object" },
        { line: 3, message: "array element is not a JSON object" },
        { line: 4, message: expect.stringMatching(/^invalid JSON: /) },
        { line: 5, message: "file ends inside a JSON value" },
      ],
    });
  });

  it("recovers from a JSON line cut off in a string or between values", () => {
    const input = ['{"a": "cut', '{"b": 1}', '{"c": {"d": ', '{"e": 2}', '  {"f": [3'].join("\n");
    expect(read(input)).toEqual({
      records: [[{ b: 1 }, 2], [{ e: 2 }, 4]],
      issues: [
        { line: 1, message: "JSON value cut off (a new object starts on a later line)" },
        { line: 3, message: "JSON value cut off (a new object starts on a later line)" },
        { line: 5, message: "file ends inside a JSON value" },
      ],
    });
  });

  it("treats objects without an envelope key as records and skips a leading BOM", () => {
    expect(read('\ufeff{"entries": [{"a": 1}]}', 0, []).records).toEqual([[{ entries: [{ a: 1 }] }, 1]]);
    expect(read('\ufeff{"entries": [{"a": 1}]}', 1, ["entries"]).records).toEqual([[{ a: 1 }, 1]]);
  });
});
