import { describe, expect, it } from "vitest";
import { LineSplitter, MAX_LINE_BYTES } from "./line-splitter";
import type { ParseIssue } from "./types";

function split(chunks: Array<string | Buffer>, limit?: number) {
  const out: Array<[number, string]> = [];
  const rejected: ParseIssue[] = [];
  const s = new LineSplitter((line, n) => out.push([n, line]), { reject: (i) => rejected.push(i) }, limit);
  for (const c of chunks) s.write(typeof c === "string" ? Buffer.from(c) : c);
  s.end();
  // Not enumerable, so the lines still compare equal to a plain array.
  return Object.defineProperty(out, "rejected", { value: rejected }) as typeof out & { rejected: ParseIssue[] };
}

describe("LineSplitter", () => {
  it("splits LF and CRLF, strips a BOM, keeps a last line without newline", () => {
    expect(split(["\ufeffa b\r\nc", " d\n", "e"])).toEqual([
      [1, "a b"],
      [2, "c d"],
      [3, "e"],
    ]);
  });

  it("joins a multi-byte UTF-8 character split across chunks", () => {
    const bytes = Buffer.from("x·y\n");
    expect(split([bytes.subarray(0, 2), bytes.subarray(2)])).toEqual([[1, "x·y"]]);
  });

  it("emits empty lines with their numbers", () => {
    expect(split(["a\n\nb\n"])).toEqual([
      [1, "a"],
      [2, ""],
      [3, "b"],
    ]);
  });

  it("strips a BOM that arrives split across chunks", () => {
    const bom = Buffer.from("\ufeffa\n");
    expect(split([bom.subarray(0, 1), bom.subarray(1, 2), bom.subarray(2)])).toEqual([[1, "a"]]);
  });

  it("sets aside a line over the limit, with its number, and keeps the lines around it", () => {
    const whole = split(["ok\n", "0123456789ABC\n", "next\n"], 10);
    expect(whole).toEqual([
      [1, "ok"],
      [3, "next"],
    ]);
    expect(whole.rejected).toEqual([{ line: 2, message: "line longer than 1 MiB (13 bytes or more): set aside" }]);

    // The same line arriving a few bytes at a time, then one cut off by the end of the file.
    const pieces = split(["ok\n01", "2345", "6789", "ABC\nne", "xt\n", "0123456789ABCDEF"], 10);
    expect(pieces).toEqual([
      [1, "ok"],
      [3, "next"],
    ]);
    expect(pieces.rejected.map((i) => i.line)).toEqual([2, 4]);
  });

  it("keeps a line of exactly the limit, across chunks too", () => {
    const line = "x".repeat(MAX_LINE_BYTES);
    const chunked = Buffer.from(`${line}\nb\n`);
    const out = split([chunked.subarray(0, 1000), chunked.subarray(1000)]);
    expect(out.map(([n, l]) => [n, l.length])).toEqual([
      [1, MAX_LINE_BYTES],
      [2, 1],
    ]);
    expect(out.rejected).toEqual([]);
  });

  it("sets aside a 64 MiB line fed in 64 KiB chunks without holding it", () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const out: Array<[number, string]> = [];
    const rejected: ParseIssue[] = [];
    const s = new LineSplitter((line, n) => out.push([n, line]), { reject: (i) => rejected.push(i) });
    s.write(Buffer.from("header\n"));
    for (let i = 0; i < 1024; i++) s.write(chunk);
    s.write(Buffer.from("\nlast\n"));
    s.end();
    expect(out).toEqual([
      [1, "header"],
      [3, "last"],
    ]);
    expect(rejected).toEqual([{ line: 2, message: `line longer than 1 MiB (${64 * 1024 * 1024} bytes or more): set aside` }]);
  });
});

