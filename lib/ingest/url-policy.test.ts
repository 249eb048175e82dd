import { describe, expect, it } from "vitest";
import { normaliseAddress, parseAllowList, refusalOf } from "./url-policy";

const none = parseAllowList("");

describe("refusalOf", () => {
  it.each([
    ["127.0.0.1", "loopback"], ["127.9.9.9", "loopback"], ["::1", "loopback"],
    ["169.254.169.254", "link-local"], ["fe80::1", "link-local"],
    ["10.1.2.3", "private"], ["172.16.0.1", "private"], ["172.31.255.255", "private"], ["192.168.1.1", "private"], ["fd00::5", "private"],
    ["100.64.0.1", "carrier-grade NAT"], ["0.0.0.0", "unspecified"], ["::", "unspecified"],
    ["::ffff:127.0.0.1", "loopback"], ["::ffff:7f00:1", "loopback"], ["::ffff:a9fe:a9fe", "link-local"],
  ])("refuses %s (%s)", (address, reason) => {
    const refusal = refusalOf("example.com", address, none);
    expect(refusal?.reason).toContain(reason);
    expect(refusal?.host).toBe("example.com");
  });

  it.each(["93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "8.8.8.8"])("lets %s through", (address) => {
    expect(refusalOf("example.com", address, none)).toBeNull();
  });

  it("the allow-list opens a host by name, an address, or a range", () => {
    expect(refusalOf("LocalHost.", "127.0.0.1", parseAllowList("localhost"))).toBeNull();
    expect(refusalOf("files.lan", "10.1.2.3", parseAllowList("10.1.0.0/16, 127.0.0.1"))).toBeNull();
    expect(refusalOf("files.lan", "10.2.0.1", parseAllowList("10.1.0.0/16"))?.address).toBe("10.2.0.1");
    expect(refusalOf("x", "::ffff:127.0.0.1", parseAllowList("127.0.0.1"))).toBeNull();
    expect(refusalOf("x", "fd12::1", parseAllowList("fd00::/8"))).toBeNull();
  });

  it("refuses a malformed allow-list with the entry", () => {
    expect(() => parseAllowList("10.0.0.0/33")).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseAllowList("bad host!")).toThrow(/bad host!/);
  });

  it("normalises IPv4-mapped addresses", () => {
    expect(normaliseAddress("[::FFFF:7F00:1]")).toBe("127.0.0.1");
    expect(normaliseAddress("0:0:0:0:0:ffff:10.0.0.1")).toBe("10.0.0.1");
    expect(normaliseAddress("2001:db8::1")).toBe("2001:db8::1");
  });
});
