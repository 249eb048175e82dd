// Real captures (made with tcpdump, dumpcap and dig; see lib/parsers/capture/fixtures) uploaded
// through the real route: what the upload stores must equal what tshark printed for the same
// files — every answered transaction's dns.time to the µs, and the SYN retransmissions it flags.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { partitionName } from "@/lib/evidence/partitions";
import { newIncident, uploadFiles } from "../uploads";

const FIXTURES = path.resolve(import.meta.dirname, "../../lib/parsers/capture/fixtures");
const text = (name: string) => readFileSync(path.join(FIXTURES, name), "utf8");
const lines = (name: string) => text(name).split("\n").filter((l) => l.trim() !== "");

/** tshark's `-e dns.id -e dns.time` lines → [id, latency in ns] (exact integer parse). */
const tsharkDnsTimes = (name: string): Array<[number, number]> =>
  lines(name).map((line) => {
    const [id, time] = line.split("\t") as [string, string];
    const [s, f = ""] = time.split(".");
    return [parseInt(id, 16), Number(s) * 1e9 + Number((f + "000000000").slice(0, 9))];
  });

const sum = async (table: Parameters<typeof partitionName>[0], uploadId: string, column: string) =>
  Number((await db.pool.query(`SELECT coalesce(sum(${column}), 0) AS n FROM ${partitionName(table, uploadId)}`)).rows[0].n);

describe.each([
  ["dns-lo.pcap", 1],
  ["dns-lo-nano.pcap", 1000],
  ["dns-two-interfaces.pcapng", 1000],
])("%s uploaded", (file, nsPerTick) => {
  let uploadId = "";
  beforeAll(async () => {
    const incident = await newIncident(`tshark truth ${file}`);
    const res = await uploadFiles(incident, [path.join(FIXTURES, file)]);
    expect(res.status).toBe(201);
    const [upload] = res.data.uploads;
    expect(upload).toMatchObject({ status: "ready", rowsRejected: 0, errors: [] });
    uploadId = upload.id;
  });

  it("stores every answered transaction with tshark's dns.time", async () => {
    const { rows } = await db.pool.query<{ dns_id: number; latency_us: string }>(
      `SELECT dns_id, latency_us FROM ${partitionName("dns_transactions", uploadId)} WHERE latency_us IS NOT NULL`,
    );
    const expected = tsharkDnsTimes(`${file}.dns-time.txt`);
    expect(rows.map((r) => r.dns_id).sort()).toEqual(expected.map(([id]) => id).sort());
    for (const [id, ns] of expected) {
      const stored = Number(rows.find((r) => r.dns_id === id)!.latency_us);
      // µs captures: exact. ns captures: both ends are floored to the µs, so within 1 µs.
      if (nsPerTick === 1) expect(stored * 1000).toBe(ns);
      else expect(Math.abs(stored - ns / 1000)).toBeLessThan(1);
    }
  });

  it("rolls up the same answered count and the SYN retransmissions tshark flags", async () => {
    expect(await sum("dns_rollups", uploadId, "answered")).toBe(lines(`${file}.dns-time.txt`).length);
    const retransmissions = lines(`${file}.syn-retransmissions.txt`).length;
    expect(await sum("packet_rollups", uploadId, "syn_retransmissions")).toBe(retransmissions);
    expect(await sum("tcp_syn_rollups", uploadId, "syn_retransmissions")).toBe(retransmissions);
  });

  it("keeps the per-second maximum latency exact", async () => {
    const maxNs = Math.max(...tsharkDnsTimes(`${file}.dns-time.txt`).map(([, ns]) => ns));
    const { rows } = await db.pool.query(`SELECT max(max_latency_us) AS m FROM ${partitionName("dns_rollups", uploadId)}`);
    expect(Math.abs(Number(rows[0].m) - maxNs / 1000)).toBeLessThan(nsPerTick === 1 ? 0.001 : 1);
  });
});
