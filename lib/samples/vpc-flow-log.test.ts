import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { FLAG_CLASSES, flagClass } from "../flows/flag-class";
import { createAwsVpcFlowParser } from "../parsers/aws-vpc-flow";
import type { FlowRecord } from "../parsers/flow-record";
import type { ParseIssue, StreamParser } from "../parsers/types";
import { generateVpcFlowLog, type MinuteTruth, type Tally, type VpcFlowLogOptions } from "./vpc-flow-log";
import { writeVpcFlowLog } from "./write-vpc-flow-log";

const START = 1718000000;
const STORM = { dst: "10.0.40.99", fromSec: START + 60, toSec: START + 150, synsPerSec: 500 };

/** Per-minute tallies of parsed records, classified with flagClass — the check the acceptance relies on. */
function countParsed(input: Iterable<string> | Buffer, v5: boolean) {
  const minutes = new Map<number, MinuteTruth>();
  const rejects: ParseIssue[] = [];
  let gaps = 0;
  let stormFlows = 0;
  const zero = (): Tally => ({ flows: 0, packets: 0, bytes: 0 });
  const add = (t: Tally, r: FlowRecord) => {
    t.flows++;
    t.packets += r.packets ?? 0;
    t.bytes += r.bytes ?? 0;
  };
  const parser: StreamParser = createAwsVpcFlowParser({
    flow(r) {
      const key = Math.floor(r.start / 60_000) * 60_000;
      let m = minutes.get(key);
      if (!m) {
        m = {
          flag: Object.fromEntries(FLAG_CLASSES.map((c) => [c, zero()])) as MinuteTruth["flag"],
          action: { ACCEPT: zero(), REJECT: zero() },
          ...(v5 ? { direction: { ingress: zero(), egress: zero() } } : {}),
        };
        minutes.set(key, m);
      }
      add(m.flag[flagClass(r.tcpFlags, r.protocol)], r);
      add(m.action[r.action!], r);
      if (m.direction) add(m.direction[r.direction!], r);
      if (r.dstaddr === STORM.dst && r.tcpFlags === 2) stormFlows++;
    },
    gap: () => gaps++,
    reject: (issue) => rejects.push(issue),
  });
  if (Buffer.isBuffer(input)) {
    for (let i = 0; i < input.length; i += 4093) parser.write(input.subarray(i, i + 4093));
  } else {
    let batch = "";
    for (const line of input) {
      batch += line + "\n";
      if (batch.length > 5000) {
        parser.write(Buffer.from(batch));
        batch = "";
      }
    }
    parser.write(Buffer.from(batch));
  }
  parser.end();
  return { minutes, rejects, gaps, stormFlows };
}

const OPTIONS: VpcFlowLogOptions = { version: 5, rows: 100_000, startSec: START, seed: 7, badLineEvery: 997, nodataEvery: 1009, storm: STORM };

describe("generateVpcFlowLog", () => {
  it.each([5, 2] as const)("v%i output parsed and counted per minute per flag class equals the truth", (version) => {
    const { lines, truth } = generateVpcFlowLog({ ...OPTIONS, version });
    const parsed = countParsed(lines, version === 5);
    expect(truth.rows).toBe(OPTIONS.rows);
    expect(parsed.rejects).toHaveLength(truth.badLines);
    expect(parsed.gaps).toBe(truth.gaps);
    expect(parsed.minutes).toEqual(truth.minutes);
    expect(truth.flows + truth.gaps + truth.badLines).toBe(truth.rows);
    expect(truth.badLines).toBe(Math.floor(OPTIONS.rows / 997));
    expect(new Set(parsed.rejects.map((r) => r.message.replace(/".*"/, '"…"')))).toEqual(
      new Set(["expected 18 fields, got 9", 'srcport "…" is not a number', 'protocol "…" is not a number'].map((m) => (version === 2 ? m.replace("18", "14") : m))),
    );
    if (version === 5) {
      // The comparison is only meaningful if every class and both directions actually occur.
      const totals = (key: keyof MinuteTruth["flag"]) => [...truth.minutes.values()].reduce((n, m) => n + m.flag[key].flows, 0);
      for (const c of FLAG_CLASSES) expect(totals(c)).toBeGreaterThan(0);
      expect(parsed.stormFlows).toBe(truth.stormFlows);
      expect(truth.stormFlows).toBeGreaterThan(44_000); // 90 s × 500/s, less the slots taken by bad and NODATA lines
    }
  });

  it("fails the comparison when a parser maps a column wrongly", () => {
    const { lines, truth } = generateVpcFlowLog({ ...OPTIONS, rows: 20_000 });
    const swapped = [...lines].join("\n").replace("tcp-flags", "TMP").replace("traffic-path", "tcp-flags").replace("TMP", "traffic-path");
    const parsed = countParsed(Buffer.from(swapped), true);
    expect(parsed.rejects).toHaveLength(truth.badLines);
    expect(parsed.minutes).not.toEqual(truth.minutes);
  });

  it("is deterministic per seed, lazy, and restarts its truth on each iteration", () => {
    const small = { ...OPTIONS, rows: 2000 };
    const a = generateVpcFlowLog(small);
    const first = [...a.lines];
    const firstTruth = structuredClone(a.truth);
    expect([...a.lines]).toEqual(first);
    expect(a.truth).toEqual(firstTruth);
    expect([...generateVpcFlowLog(small).lines]).toEqual(first);
    expect([...generateVpcFlowLog({ ...small, seed: 8 }).lines]).not.toEqual(first);
    expect(first[0]).toBe(
      "version interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action tcp-flags pkt-srcaddr pkt-dstaddr flow-direction traffic-path log-status",
    );

    const huge = generateVpcFlowLog({ ...OPTIONS, rows: 5_000_000 });
    const it = huge.lines[Symbol.iterator]();
    for (let i = 0; i < 1000; i++) it.next();
    expect(huge.truth.rows).toBe(999);
  });
});

describe("writeVpcFlowLog", () => {
  const dir = mkdtempSync(join(tmpdir(), "vpc-flow-log-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("streams a gzip file whose parse matches the truth", async () => {
    const path = join(dir, "flows.log.gz");
    const truth = await writeVpcFlowLog(path, { ...OPTIONS, rows: 20_000 }, { gzip: true });
    const parsed = countParsed(gunzipSync(readFileSync(path)), true);
    expect(parsed.minutes).toEqual(truth.minutes);
    expect(parsed.gaps).toBe(truth.gaps);
  });

  it("writes plain headerless v2 that parses as the default format", async () => {
    const path = join(dir, "flows.log");
    const truth = await writeVpcFlowLog(path, { version: 2, rows: 5000, startSec: START, seed: 1, header: false });
    const text = readFileSync(path);
    expect(text.toString().startsWith("2 111122223333 eni-")).toBe(true);
    expect(countParsed(text, false).minutes).toEqual(truth.minutes);
  });
});
