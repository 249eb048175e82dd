// Captures compressed with the real zstd and lz4 tools (lib/ingest/fixtures), and a snoop file
// written by editcap, uploaded through the real route: each is detected by content and stores
// exactly what its plain pcap stores.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { partitionName } from "@/lib/evidence/partitions";
import { newIncident, uploadFiles } from "../uploads";

const CAPTURES = path.resolve(import.meta.dirname, "../../lib/parsers/capture/fixtures");
const COMPRESSED = path.resolve(import.meta.dirname, "../../lib/ingest/fixtures");

async function stored(uploadId: string) {
  const tx = await db.pool.query(
    `SELECT query_us, latency_us, dns_id, rcode, retries FROM ${partitionName("dns_transactions", uploadId)} ORDER BY query_us, dns_id, client_port`,
  );
  const tcp = await db.pool.query(`SELECT ts, syn, synack, rst, fin, other, syn_retransmissions FROM ${partitionName("packet_rollups", uploadId)} ORDER BY ts`);
  return { transactions: tx.rows, tcp: tcp.rows };
}

describe("compressed and snoop captures uploaded", () => {
  let plain: Awaited<ReturnType<typeof stored>>;
  beforeAll(async () => {
    const res = await uploadFiles(await newIncident("plain"), [path.join(CAPTURES, "dns-lo.pcap")]);
    expect(res.status).toBe(201);
    plain = await stored(res.data.uploads[0].id);
    expect(plain.transactions.length).toBeGreaterThan(10);
  });

  it.each([
    [path.join(COMPRESSED, "dns-lo.pcap.zst"), "pcap"],
    [path.join(COMPRESSED, "dns-lo.pcap.lz4"), "pcap"],
    [path.join(CAPTURES, "dns-lo.snoop"), "snoop"],
  ])("%s stores what the plain pcap stores", async (file, kind) => {
    const res = await uploadFiles(await newIncident(path.basename(file)), [file]);
    expect(res.status, JSON.stringify(res.data)).toBe(201);
    const [upload] = res.data.uploads;
    expect(upload).toMatchObject({ kind, status: "ready", rowsParsed: 60, rowsRejected: 0, errors: [] });
    expect(await stored(upload.id)).toEqual(plain);
  });

  it("notes a truncated LZ4 capture and keeps the packets before the cut", async () => {
    const { readFileSync, writeFileSync, mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    // Two 64 KiB blocks (8063 and 2321 bytes compressed): the cut at 9000 loses the second.
    const bytes = readFileSync(path.join(COMPRESSED, "of13_ericsson.pcapng.B4D.lz4"));
    const cut = path.join(mkdtempSync(path.join(tmpdir(), "hindsight-lz4-")), "cut.pcapng.lz4");
    writeFileSync(cut, bytes.subarray(0, 9000));
    const res = await uploadFiles(await newIncident("cut lz4"), [cut]);
    expect(res.status, JSON.stringify(res.data)).toBe(201);
    const [upload] = res.data.uploads;
    expect(upload).toMatchObject({ kind: "pcapng", status: "ready" });
    expect(JSON.stringify(upload.errors)).toMatch(/the lz4 stream ends early or is corrupt after \d+ bytes of the file/);
    expect(upload.rowsParsed).toBeGreaterThan(20);
    expect(upload.rowsParsed).toBeLessThan(174);
  });
});
