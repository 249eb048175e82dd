import { describe, expect, it } from "vitest";
import { encodeDns } from "@/lib/samples/capture-frames";
import { decodeDnsMessage, readName } from "./dns-message";

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ""), "hex");
const decode = (b: Uint8Array, length = b.length) => decodeDnsMessage(b, 0, b.length, length);

// docs/formats.md §3.5 byte examples.
const QUERY = hex("30 39 01 00 00 01 00 00 00 00 00 00 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 01 00 01");
const RESPONSE = hex(
  "30 39 81 80 00 01 00 01 00 00 00 00 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 01 00 01 c0 0c 00 01 00 01 00 00 01 2c 00 04 5d b8 d8 22",
);

describe("decodeDnsMessage", () => {
  it("decodes the reference query and response", () => {
    expect(decode(QUERY)).toEqual({
      id: 12345, response: false, opcode: 0, rcode: 0, flags: 0x0100, questionCount: 1, answerCount: 0,
      authorityCount: 0, additionalCount: 0, qname: "example.com", qtype: 1, qclass: 1, length: 29, error: null, byContent: false,
    });
    expect(decode(RESPONSE)).toMatchObject({ id: 12345, response: true, rcode: 0, answerCount: 1, qname: "example.com", error: null });
  });

  it("returns null below the 12-byte header", () => {
    expect(decode(QUERY.subarray(0, 11))).toBeNull();
  });

  it("extends the rcode from the OPT record (BADVERS = 16)", () => {
    const m = decode(encodeDns({ id: 1, qname: "a.example", qtype: 1, response: true, rcode: 0, answers: ["192.0.2.1"], edns: { extendedRcode: 1 } }));
    expect(m).toMatchObject({ rcode: 16, error: null });
  });

  it("reads NXDOMAIN and SERVFAIL rcodes", () => {
    expect(decode(encodeDns({ id: 2, qname: "x.example", qtype: 28, response: true, rcode: 3 }))?.rcode).toBe(3);
    expect(decode(encodeDns({ id: 2, qname: "x.example", qtype: 28, response: true, rcode: 2 }))?.rcode).toBe(2);
  });

  it("reports a compression loop instead of looping", () => {
    // Question name = pointer to itself (offset 12).
    const loop = hex("00 01 01 00 00 01 00 00 00 00 00 00 c0 0c 00 01 00 01");
    expect(decode(loop)).toMatchObject({ id: 1, qname: null, error: expect.stringMatching(/loop/) });
    // a → pointer to 12 (the start of the same name): also a loop.
    const selfRef = hex("00 01 01 00 00 01 00 00 00 00 00 00 01 61 c0 0c 00 01 00 01");
    expect(decode(selfRef)?.error).toMatch(/loop/);
  });

  it("rejects forward pointers, reserved label types and over-long names", () => {
    const forward = hex("00 01 01 00 00 01 00 00 00 00 00 00 c0 20 00 01 00 01");
    expect(decode(forward)?.error).toMatch(/backwards/);
    const reserved = hex("00 01 01 00 00 01 00 00 00 00 00 00 41 61 00 00 01 00 01");
    expect(decode(reserved)?.error).toMatch(/reserved/);
    const long = Buffer.concat([hex("00 01 01 00 00 01 00 00 00 00 00 00"), ...Array.from({ length: 5 }, () => Buffer.from([63, ...Buffer.alloc(63, 0x61)])), hex("00 00 01 00 01")]);
    expect(decode(long)?.error).toMatch(/255/);
  });

  it("follows a chain of backward pointers", () => {
    // 12: "com" 0 · 17: "example" → ptr 12 · question at 27: "www" → ptr 17
    const b = hex("00 07 01 00 00 01 00 00 00 00 00 00 03 63 6f 6d 00 07 65 78 61 6d 70 6c 65 c0 0c 03 77 77 77 c0 11");
    expect(readName(b, 0, b.length, 27)).toBe("www.example.com");
    expect(readName(b, 0, b.length, 12)).toBe("com");
  });

  it("escapes unprintable bytes and dots inside labels", () => {
    const b = hex("00 01 01 00 00 01 00 00 00 00 00 00 03 61 2e 00 02 c3 a9 00 00 01 00 01");
    expect(decode(b)?.qname).toBe("a\\046\\000.\\195\\169");
    expect(decode(hex("00 01 01 00 00 01 00 00 00 00 00 00 00 00 02 00 01"))?.qname).toBe(".");
  });

  it("tells a capture cut short from a malformed message", () => {
    const cut = RESPONSE.subarray(0, 20);
    expect(decodeDnsMessage(cut, 0, cut.length, RESPONSE.length)).toMatchObject({ id: 12345, qname: null, error: expect.stringMatching(/^truncated capture/) });
    expect(decodeDnsMessage(cut, 0, cut.length, cut.length)?.error).toMatch(/^name cut short/);
  });

  it("keeps header and question when records are cut", () => {
    const m = encodeDns({ id: 9, qname: "a.example", qtype: 1, response: true, answers: ["192.0.2.1"], edns: {} });
    const cut = m.subarray(0, m.length - 5);
    expect(decodeDnsMessage(cut, 0, cut.length, m.length)).toMatchObject({ qname: "a.example", qtype: 1, error: expect.stringMatching(/truncated capture/) });
  });

  it("terminates on every prefix and corruption of a valid message", () => {
    const m = encodeDns({ id: 9, qname: "host.svc.example", qtype: 1, response: true, answers: ["192.0.2.1", "192.0.2.2"], edns: {} });
    for (let n = 0; n <= m.length; n++) decodeDnsMessage(m, 0, n, m.length);
    for (let i = 0; i < m.length; i++) {
      for (const v of [0x00, 0x3f, 0xc0, 0xff]) {
        const c = Buffer.from(m);
        c[i] = v;
        expect(() => decode(c)).not.toThrow();
      }
    }
  });
});
