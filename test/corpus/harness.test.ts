// The corpus harness on the repository's own real captures (no corpus folder needed): tshark's
// reduced reading matches the tshark outputs committed beside them, a capture, its zstd/LZ4 and
// snoop copies all agree with tshark through the upload path, and the verdict rules hold.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compareFile } from "./compare";
import { countWithHindsight } from "./hindsight-count";
import { runTshark, reduceFields, tsharkAvailable, type Truth } from "./tshark-truth";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CAPTURES = path.join(ROOT, "lib/parsers/capture/fixtures");
const COMPRESSED = path.join(ROOT, "lib/ingest/fixtures");

async function truth(file: string): Promise<Truth> {
  const run = await runTshark(file);
  return { tsharkVersion: "test", exitCode: run.exitCode, error: run.error, ...reduceFields(run.fields) };
}

describe.skipIf(!tsharkAvailable())("with tshark", () => {
  it("reduces tshark's reading of dns-lo.pcap to the answers and latencies of its committed dns.time output", async () => {
    const t = await truth(path.join(CAPTURES, "dns-lo.pcap"));
    const times = readFileSync(path.join(CAPTURES, "dns-lo.pcap.dns-time.txt"), "utf8").trim().split("\n").map((l) => Math.round(Number(l.split("\t")[1]) * 1e6));
    expect(t.frames).toBe(60);
    expect(t.dns.answered).toBe(times.length);
    expect(t.dns.maxUs).toBe(Math.max(...times));
    expect(t.dns.rcodes).toMatchObject({ "2": expect.any(Number), "3": expect.any(Number), "5": expect.any(Number) });
  });

  it.each([
    [CAPTURES, "dns-lo.pcap"],
    [CAPTURES, "dns-lo-nano.pcap"],
    [CAPTURES, "dns-two-interfaces.pcapng"],
    [CAPTURES, "dns-lo.snoop"],
    [COMPRESSED, "dns-lo.pcap.zst"],
    [COMPRESSED, "dns-lo.pcap.lz4"],
    [COMPRESSED, "of13_ericsson.pcapng.B4D.lz4"],
  ])("%s/%s agrees with tshark through the upload path", async (dir, name) => {
    const file = path.join(dir, name);
    const result = compareFile(name, await truth(file), await countWithHindsight(file), {});
    expect(result.differences).toEqual([]);
    expect(result).toMatchObject({ verdict: "agree", substantive: true });
  });
});

describe("the upload's notes", () => {
  it("say when a packet on a DNS port held no DNS message (9 bytes of payload, shorter than the header)", async () => {
    const count = await countWithHindsight(path.join(CAPTURES, "corpus/rtp-seg-fault-1.pcapng"));
    expect(count.dns.queries).toBe(0);
    expect(count.notes).toContainEqual(expect.stringMatching(/^1 packets on a DNS port held no decodable DNS message/));
  });
});

describe("verdicts", () => {
  const base = (): Truth => ({
    tsharkVersion: "x", exitCode: 0, error: null, frames: 10,
    dns: { queries: 2, answered: 2, rcodes: { "0": 2 }, maxUs: 500, p50Us: 300 },
    tcp: { syn: 3, synack: 2, rst: 0, fin: 1, other: 4, none: 0 },
  });
  const hindsight = (t: Truth, setAside: Array<{ reason: string; count: number }> = []) => ({
    kind: "pcap", compression: null, failure: null, rejects: [], notes: [],
    accounting: { total: t.frames, decoded: t.frames - setAside.reduce((n, r) => n + r.count, 0), setAside, encapsulations: [] },
    dns: structuredClone(t.dns), seriesP50Us: t.dns.p50Us, tcp: { ...t.tcp },
  });

  it("agrees within the latency tolerances", () => {
    const t = base();
    const h = hindsight(t);
    h.dns.maxUs = 501;
    h.seriesP50Us = 303;
    expect(compareFile("f", t, h, {}).verdict).toBe("agree");
  });

  it("puts a shortfall no larger than the packets set aside on Hindsight's reason", () => {
    const t = base();
    const h = hindsight(t, [{ reason: "unsupported link type 147 (USER0)", count: 2 }]);
    h.tcp.syn = 1;
    expect(compareFile("f", t, h, {})).toMatchObject({ verdict: "not-supported", reason: "not supported: unsupported link type 147 (USER0)" });
    h.tcp.other = 1; // 5 fewer TCP packets than tshark, but only 2 set aside
    expect(compareFile("f", t, h, {}).verdict).toBe("differ");
  });

  it("never excuses counting more than tshark, or a latency that differs while the counts agree", () => {
    const t = base();
    const more = hindsight(t, [{ reason: "not IP", count: 5 }]);
    more.tcp.rst = 1;
    expect(compareFile("f", t, more, {}).verdict).toBe("differ");
    const slower = hindsight(t, [{ reason: "not IP", count: 5 }]);
    slower.dns.maxUs = 900;
    expect(compareFile("f", t, slower, {}).verdict).toBe("differ");
  });

  it("names tshark's failure, and a reviewed known difference", () => {
    const t = { ...base(), exitCode: 2, error: "tshark: cut short" };
    const h = hindsight(base());
    h.tcp.fin = 0;
    expect(compareFile("f", t, h, {})).toMatchObject({ verdict: "tshark-fails", reason: "tshark also fails (exit 2, 10 frames: tshark: cut short)" });
    expect(compareFile("f", base(), h, { f: "why" })).toMatchObject({ verdict: "known", reason: "why" });
  });
});
