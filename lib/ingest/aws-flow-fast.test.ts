// The AWS text fast path must produce exactly what the general path (parser → FlowRecord →
// FlowRows.sink) produces: the same COPY bytes, rollup rows, gaps, rejects, counts and time range.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { awsVpcFlowFormat, createAwsVpcFlowParser } from "@/lib/parsers/aws-vpc-flow";
import { fixture } from "@/lib/parsers/fixtures/collect";
import type { ParseIssue } from "@/lib/parsers/types";
import { FIELD } from "@/lib/parsers/vpc-record";
import { STANDARD_LAYOUTS } from "@/lib/parsers/vpc-layouts";
import { AwsFlowFastParser, CODES } from "./aws-flow-fast";
import { CopyWriter } from "@/lib/evidence/copy-writer";
import type { FlowEntry } from "./family";
import { FlowRows, RECORD_COLUMNS } from "./flow-rows";
import { flowParser } from "./ingest-flows";

const FORMAT: FlowEntry = { ...awsVpcFlowFormat, family: "flows", create: createAwsVpcFlowParser };

/** Feeds `input` in chunks of `size` bytes through one path; COPY goes to memory instead of a server. */
async function ingest(input: Buffer, fast: boolean, size = input.length, fields?: readonly string[]) {
  const sent: Buffer[] = [];
  const client = { query: () => new Writable({ write: (c: Buffer, _e, cb) => (sent.push(Buffer.from(c)), cb()) }) };
  const records = new CopyWriter(client as never, "t", RECORD_COLUMNS);
  const counts = { rowsParsed: 0, rowsRejected: 0 };
  const rejects: ParseIssue[] = [];
  const notes: ParseIssue[] = [];
  const rows = new FlowRows(records, counts, { reject: (i) => rejects.push(i), note: (i) => notes.push(i) });
  const parser = flowParser(FORMAT, rows, fast, { fields });
  expect(parser instanceof AwsFlowFastParser).toBe(fast);
  for (let i = 0; i < input.length; i += Math.max(1, size)) parser.write(input.subarray(i, i + Math.max(1, size)));
  parser.end();
  await records.finish();
  return {
    result: {
      copy: Buffer.concat(sent).toString("latin1"), rollup: [...rows.rollup.rows()], gaps: rows.gaps, rejects, notes, counts,
      timeFrom: rows.timeFrom, timeTo: rows.timeTo,
    },
    generalLines: parser instanceof AwsFlowFastParser ? parser.generalLines : -1,
  };
}

async function expectSame(input: Buffer | string, sizes = [0, 1, 7, 100, 4096], fields?: readonly string[]) {
  const bytes = Buffer.from(input);
  const general = (await ingest(bytes, false, bytes.length, fields)).result;
  for (const size of sizes) {
    const fast = await ingest(bytes, true, size || bytes.length, fields);
    expect(fast.result, `chunk size ${size || "whole"}`).toEqual(general);
  }
  return { general, fast: await ingest(bytes, true, bytes.length, fields) };
}

const V5_HEADER = "version interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action tcp-flags pkt-srcaddr pkt-dstaddr flow-direction traffic-path log-status";
const V5 = ["5", "eni-0f00ba7c0ffee1234", "10.0.3.7", "10.0.40.99", "51000", "8080", "6", "1", "60", "1718000160", "1718000161", "ACCEPT", "2", "10.0.33.5", "10.0.40.99", "egress", "1", "OK"];
const line = (changes: Record<number, string>) => V5.map((v, i) => changes[i] ?? v).join(" ");

// Odd values per column of V5: each replaces the plain value in one line.
const ODD: Record<number, string[]> = {
  1: ["-", "eni-x\\y", "eni-\ttab", "eni-é", "eni-\xff", "eni-\r", "i-abc", "x".repeat(80)],
  2: ["-", "2001:db8:1::7", "::ffff:10.0.0.1", "fe80::1%eth0", "10.0.0.256", "10.0.0", "1.2.3.4.5", "abc", "10.0.0.01", "010.000.000.001", "1.2.3.", ".1.2.3", "1..2.3", "1.2.3.4:80", "::", "2001:db8::g", "255.255.255.255", "0.0.0.0", "1234.1.1.1"],
  3: ["-", "2600:1f18:4a3:6a00::10", "10.0.42.17", "300.1.1.1", "10.0.0.1/32"],
  4: ["-", "0", "00", "0080", "65535", "65536", "-5", "abc", "1e3", "4294967296", "123456789012345678901", "12a"],
  5: ["-", "0", "443", "99999", "007"],
  6: ["-", "0", "1", "17", "255", "256", "06", "tcp", "6x"],
  7: ["-", "0", "9007199254740991", "9007199254740992", "999999999999999", "1000000000000000", "01"],
  8: ["-", "0", "123456789012345", "1234567890123456", "123456789012345678901", "-1"],
  9: ["-", "0", "1", "1718000000", "999999999999", "1000000000000", "9007199254740991", "01718000160", "1718000160.5", "x"],
  10: ["-", "0", "1718000100", "999999999999", "1000000000000", "0001", "y"],
  11: ["-", "REJECT", "DROP", "accept", "ACCEPTED"],
  12: ["-", "0", "1", "2", "3", "4", "6", "8", "16", "17", "18", "19", "20", "22", "255", "32767", "32768", "-2"],
  13: ["-", "10.0.3.7", "2001:db8::1", "bad", "10.0.0.999"],
  14: ["-", "10.0.40.99", "fe80::1", "::1::2", "10.0.0.1x"],
  15: ["-", "ingress", "sideways", "EGRESS"],
  16: ["-", "x", "99999999999999999999"],
  17: ["-", "NODATA", "SKIPDATA", "MAYBE", "ok"],
};

describe("AWS flow-log fast path", () => {
  it("uses vpc-record's field codes", () => {
    for (const [name, code] of Object.entries(CODES)) expect(FIELD[name as keyof typeof FIELD], name).toBe(code);
  });

  it("gives the general path's output on the v2 and v5 fixtures, nearly all of it fast", async () => {
    await expectSame(fixture("aws-v2.log"));
    const { fast } = await expectSame(fixture("aws-v5.log"));
    expect(fast.generalLines).toBe(2); // the header and the NODATA line
    const many = `${V5_HEADER}\n${Array.from({ length: 500 }, (_, i) => line({ 9: String(1718000000 + i) })).join("\n")}\n`;
    expect((await expectSame(many)).fast.generalLines).toBe(1);
  });

  it("counts NODATA/SKIPDATA as gaps, never as rows, on both paths", async () => {
    const { general } = await expectSame(fixture("aws-v2.log"));
    expect(general.counts).toEqual({ rowsParsed: 3, rowsRejected: 0 });
    expect(general.gaps.map((g) => g.status)).toEqual(["NODATA", "SKIPDATA"]);
  });

  it("gives the general path's output on headerless standard layouts (v2 default, v5 all fields, Transit Gateway), nearly all of it fast", async () => {
    expect((await expectSame(fixture("aws-v2-default.log"))).general.counts).toEqual({ rowsParsed: 4, rowsRejected: 0 });
    const v5 = await expectSame(fixture("aws-v5-all-fields.log"));
    expect(v5.general.counts).toEqual({ rowsParsed: 4, rowsRejected: 0 });
    expect(v5.general.gaps).toHaveLength(2);
    const tgw = fixture("aws-tgw.log").toString();
    const tgwHeaderless = tgw.slice(tgw.indexOf("\n") + 1);
    expect((await expectSame(tgw)).general.counts).toEqual({ rowsParsed: 3, rowsRejected: 0 });
    expect((await expectSame(tgwHeaderless)).general.copy).toBe((await expectSame(tgw)).general.copy);
    // 500 headerless all-fields records: the first settles the layout, the rest go fast.
    const first = fixture("aws-v5-all-fields.log").toString().split("\n")[0]!.split(" ");
    const many = Array.from({ length: 500 }, (_, i) => [...first.slice(0, 10), String(1718000000 + i), ...first.slice(11)].join(" "));
    const { fast } = await expectSame(`${many.join("\n")}\n`, [0, 333]);
    expect(fast.generalLines).toBe(1);
    expect(fast.result.counts).toEqual({ rowsParsed: 500, rowsRejected: 0 });
  });

  it("gives the general path's output for headerless lines no layout fits, before and after one that does", async () => {
    const v2 = fixture("aws-v2-default.log").toString().split("\n")[0]!;
    const input = ["1 2 3 4", `${V5.join(" ")}`, v2, `${V5.join(" ")}`, v2].join("\n");
    const { general } = await expectSame(input);
    expect(general.counts).toEqual({ rowsParsed: 2, rowsRejected: 3 });
    expect(general.rejects.map((r) => [r.line, r.message.slice(0, 40)])).toEqual([
      [1, "a headerless record with 4 fields and ve"], [2, "a headerless record with 18 fields and v"], [4, "expected 14 fields, got 18"],
    ]);
  });

  it("gives the general path's output for layouts without start (end is the time, noted once) and for given fields", async () => {
    const nat = fixture("aws-nat-custom.log").toString();
    const withHeader = await expectSame(nat);
    expect(withHeader.general.notes).toHaveLength(1);
    expect(withHeader.general.counts).toEqual({ rowsParsed: 3, rowsRejected: 0 });
    expect(withHeader.fast.generalLines).toBe(2); // the header and the NODATA line
    const [header, ...records] = nat.split("\n");
    const given = await expectSame(records.join("\n"), [0, 1, 50], header!.split(" "));
    expect(given.general).toEqual(withHeader.general);
    // A header line still wins over the given fields, and repeated headers note once.
    await expectSame(`${nat}${nat}`, [0, 9], V5_HEADER.split(" "));
    expect((await expectSame(`${nat}${nat}`)).general.notes).toHaveLength(1);
    await expectSame(`${line({})}\n${line({ 9: "-" })}\n`, [0, 5], V5_HEADER.split(" ").map((f) => (f === "start" ? "az-id" : f)));
  });

  it("gives the general path's output for every odd value in every column", async () => {
    const lines = [V5_HEADER];
    for (const [col, values] of Object.entries(ODD)) for (const v of values) lines.push(line({ [Number(col)]: v }));
    // Protocol × tcp-flags combinations (flag classes).
    for (const p of ["6", "17", "1", "-"]) for (const f of ["-", "0", "1", "2", "3", "4", "5", "6", "16", "17", "18", "20", "24", "25", "32"]) lines.push(line({ 6: p, 12: f }));
    const { general } = await expectSame(`${lines.join("\n")}\n`, [0, 3, 64]);
    expect(general.rejects.length).toBeGreaterThan(40);
    expect(general.gaps).toHaveLength(2);
    expect(general.rejects.every((r) => r.line > 1 && !r.message.startsWith("near line"))).toBe(true);
  });

  it("rejects out-of-range numbers and bad addresses with the exact line instead of failing the COPY", async () => {
    const input = [V5_HEADER, line({}), line({ 4: "70000" }), line({ 6: "300" }), line({ 12: "40000" }), line({ 2: "10.0.0.256" }), line({ 14: "nope" })].join("\n");
    const { general } = await expectSame(input);
    expect(general.rejects).toEqual([
      { line: 3, message: "srcport 70000 is out of range (0–65535)" },
      { line: 4, message: "protocol 300 is out of range (0–255)" },
      { line: 5, message: "tcp-flags 40000 is out of range (0–32767)" },
      { line: 6, message: 'srcaddr "10.0.0.256" is not an IP address' },
      { line: 7, message: 'pkt-dstaddr "nope" is not an IP address' },
    ]);
    expect(general.counts).toEqual({ rowsParsed: 1, rowsRejected: 5 });
  });

  it("gives the general path's output for layout changes, odd spacing, CRLF, BOM, blank lines and a last line without LF", async () => {
    const input = [
      `\ufeff${V5_HEADER}`,
      line({}),
      `  ${line({})}  `,
      line({}).replace(/ /g, "   "),
      "",
      "   ",
      line({}).slice(0, 40),
      `${line({})} extra`,
      "not a header at all",
      "log-status end start dstaddr srcaddr tcp-flags protocol action",
      "OK 1718000099 1718000040 10.0.2.40 10.0.1.25 2 6 REJECT",
      "- - 1718000040 - - - - -",
      "NODATA 1718000159 1718000100 - - - - -",
      "srcaddr srcaddr start dstaddr", // a repeated field: general path only
      "10.0.0.1 10.0.0.2 1718000000 10.0.0.3",
      "10.0.0.1 - 1718000000 10.0.0.3",
      "srcaddr dstaddr", // no start field
      "10.0.0.1 10.0.0.2",
      V5_HEADER,
      line({ 9: "1718000300" }),
    ].join("\r\n");
    await expectSame(input);
    await expectSame(`${input}\r\n`);
    await expectSame(`${line({})}\n${line({})}`); // headerless: default v2 layout, so these are rejected
  });

  it("matches the general path on random mixes of odd values", async () => {
    let x = 12345;
    const rand = (n: number) => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) % n;
    };
    const lines = [V5_HEADER];
    for (let i = 0; i < 3000; i++) {
      const changes: Record<number, string> = {};
      for (let k = rand(4); k > 0; k--) {
        const col = 1 + rand(17);
        const pool = ODD[col]!;
        changes[col] = pool[rand(pool.length)]!;
      }
      lines.push(line(changes));
    }
    await expectSame(`${lines.join("\n")}\n`, [0, 1000, 65536]);
    // The same records headerless, in the v5 all-fields order (detected from the first one).
    const names = V5_HEADER.split(" ");
    const allFields = STANDARD_LAYOUTS.find((l) => l.name === "v5 all fields")!.fields;
    const reorder = (l: string) => {
      const values = l.split(" ");
      return allFields.map((f) => (names.includes(f) ? values[names.indexOf(f)]! : "-")).join(" ");
    };
    const { general } = await expectSame(`${lines.slice(1).map(reorder).join("\n")}\n`, [0, 1000]);
    expect(general.counts.rowsParsed).toBeGreaterThan(1000);
  });
});
