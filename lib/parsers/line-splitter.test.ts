import { describe, expect, it } from "vitest";
import { LineSplitter } from "./line-splitter";

function split(chunks: Array<string | Buffer>) {
  const out: Array<[number, string]> = [];
  const s = new LineSplitter((line, n) => out.push([n, line]));
  for (const c of chunks) s.write(typeof c === "string" ? Buffer.from(c) : c);
  s.end();
  return out;
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
});
