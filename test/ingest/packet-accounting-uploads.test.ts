// Set-aside packets through the real upload route: an upload reports how many packets were
// decoded and why the others were set aside, instead of failing whole or counting them silently.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BAD_TIMESTAMP } from "@/lib/parsers/capture/set-aside";
import { encodeDns, encodeFrame, type SyntheticPacket } from "@/lib/samples/capture-frames";
import { PcapngWriter } from "@/lib/samples/pcap-writer";
import { CORPUS_DIR, corpusAvailable } from "@/scripts/corpus/corpus-dir";
import { newIncident, uploadFiles } from "../uploads";

const T0 = 1_718_000_000_000_000;
const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-accounting-"));
const query: SyntheticPacket = { src: "10.0.0.5", dst: "10.0.0.2", srcPort: 40000, dstPort: 53, payload: encodeDns({ id: 1, qname: "a.example", qtype: 1 }) };
const answer: SyntheticPacket = { src: "10.0.0.2", dst: "10.0.0.5", srcPort: 53, dstPort: 40000, payload: encodeDns({ id: 1, qname: "a.example", qtype: 1, response: true }) };

/** Two interfaces; every packet of interface 1 is timed near 2^64 µs (ts_high = 0xffffffff). */
function badInterfaceCapture(): string {
  const chunks: Uint8Array[] = [];
  const w = new PcapngWriter((c) => chunks.push(c), { interfaces: [{ linkType: 1 }, { linkType: 1 }] });
  for (let i = 0; i < 50; i++) {
    w.writePacket(0, T0 + i * 10_000, encodeFrame({ ...query, srcPort: 40000 + i }, "ethernet"));
    w.writePacket(1, T0 + i * 10_000 + 1, encodeFrame(query, "ethernet"));
    w.writePacket(0, T0 + i * 10_000 + 2_000, encodeFrame({ ...answer, dstPort: 40000 + i }, "ethernet"));
  }
  w.end();
  const file = Buffer.concat(chunks);
  for (let off = 0; off + 12 <= file.length; off += file.readUInt32LE(off + 4)) {
    if (file.readUInt32LE(off) === 6 && file.readUInt32LE(off + 8) === 1) file.writeUInt32LE(0xffffffff, off + 12);
  }
  const target = path.join(dir, "bad-interface.pcapng");
  writeFileSync(target, file);
  return target;
}

describe("packet accounting on upload", () => {
  it("keeps the good interface of a pcapng whose other interface is timed near 2^64 µs", async () => {
    const incident = await newIncident("accounting: bad timestamps");
    const res = await uploadFiles(incident, [badInterfaceCapture()]);
    expect(res.status).toBe(201);
    const [upload] = res.data.uploads;
    expect(upload).toMatchObject({
      status: "ready",
      rowsParsed: 150,
      rowsRejected: 0,
      timeRange: { from: T0 / 1000, to: Math.ceil((T0 + 49 * 10_000 + 2_000) / 1000) },
      packets: { total: 150, decoded: 100, setAside: [{ reason: BAD_TIMESTAMP, count: 50 }] },
      encapsulations: [],
    });
    expect(upload.errors).toEqual([{ line: 0, message: `50 of 150 packets set aside (not counted): ${BAD_TIMESTAMP}: 50.` }]);
  });

  describe.runIf(corpusAvailable())("real captures of the tcpdump test suite", () => {
    it.each([
      ["unsupported-link-type-160.pcap", { total: 1, decoded: 0, setAside: [{ reason: "unsupported link type 160 (USER13)", count: 1 }] }],
      ["time_2107.pcapng", { total: 1, decoded: 0, setAside: [{ reason: BAD_TIMESTAMP, count: 1 }] }],
    ])("%s is reported as set aside, not silently accepted", async (file, packets) => {
      const incident = await newIncident(`accounting: ${file}`);
      const res = await uploadFiles(incident, [path.join(CORPUS_DIR, file)]);
      expect(res.status).toBe(201);
      expect(res.data.uploads[0]).toMatchObject({ status: "ready", packets });
      expect(res.data.uploads[0].errors[0].message).toMatch(/set aside/);
    });
  });
});
