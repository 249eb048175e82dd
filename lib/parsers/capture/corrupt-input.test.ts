// Hang and crash guard: every loop in the capture parsers is bounded by construction (each
// iteration consumes input or is capped: VLAN tags, IPv6 extension headers, DNS labels and
// pointers, TCP options). This feeds thousands of corrupted captures through them, in odd chunk
// sizes, and checks that each one finishes quickly without throwing.
import { describe, expect, it } from "vitest";
import { generateDnsCapture } from "@/lib/samples/dns-capture-scenario";
import { createCaptureFileWriter, type CaptureFileFormat } from "@/lib/samples/pcap-writer";
import { CAPTURE_FORMATS } from "./capture-formats";
import { collectCapture } from "./collect-capture";

function capture(format: CaptureFileFormat): Buffer {
  const chunks: Uint8Array[] = [];
  const w = createCaptureFileWriter(format, (c) => chunks.push(c));
  generateDnsCapture(
    { seed: 3, seconds: 1, qps: 12, ipv6Rate: 0.5, ipv6ExtensionHeaders: [0, 44], tcpRate: 0.3, unansweredRate: 0.2, nxdomainRate: 0.2, tcpConnectionsPerSecond: 2 },
    (p) => w.write(p),
  );
  w.end();
  return Buffer.concat(chunks);
}

function random(seed: number): () => number {
  let a = seed;
  return () => (a = (Math.imul(a, 48271) >>> 0) % 2147483647) / 2147483647;
}

describe.each<[string, CaptureFileFormat]>([
  ["pcap", { type: "pcap", link: "vlan" }],
  ["pcapng", { type: "pcapng", interfaces: [{ link: "ethernet" }, { link: "sll2", tsresol: 0x80 | 24 }] }],
])("corrupted %s input", (kind, format) => {
  const original = capture(format);
  const create = CAPTURE_FORMATS.find((f) => f.kind === kind)!.create;

  it("survives random byte corruption and truncation", () => {
    const rnd = random(kind.length);
    const started = Date.now();
    for (let round = 0; round < 1500; round++) {
      const bytes = Buffer.from(original.subarray(0, Math.floor(original.length * (0.2 + 0.8 * rnd()))));
      const flips = 1 + Math.floor(rnd() * 8);
      for (let f = 0; f < flips; f++) bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
      const { packets, issues } = collectCapture(create, bytes, 1 + Math.floor(rnd() * 300));
      expect(packets.length + issues.length).toBeGreaterThan(0);
    }
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("survives every single-byte truncation point of the file head", () => {
    for (let n = 0; n < Math.min(original.length, 400); n++) {
      expect(() => collectCapture(create, original.subarray(0, n), 7)).not.toThrow();
    }
  });
});

describe("corrupted text input", () => {
  it.each(["tcpdump-text", "tshark-fields"])("%s survives garbage lines", (kind) => {
    const create = CAPTURE_FORMATS.find((f) => f.kind === kind)!.create;
    const rnd = random(99);
    const header = kind === "tshark-fields" ? "frame.time_epoch,ip.src,udp.srcport,dns.id\n" : "";
    const alphabet = "0123456789.:, >[]()+?IP6FlagsSR\t\"'-";
    const lines = Array.from({ length: 3000 }, () => Array.from({ length: Math.floor(rnd() * 80) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(""));
    expect(() => collectCapture(create, Buffer.from(header + lines.join("\n")), 333)).not.toThrow();
  });
});
