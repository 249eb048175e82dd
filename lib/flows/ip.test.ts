import { describe, expect, it } from "vitest";
import { isIpAddress, parseCidr } from "./ip";

describe("isIpAddress", () => {
  it.each(["10.0.0.1", "255.255.255.255", "0.0.0.0", "2001:db8::1", "::1"])("accepts %s", (ip) => {
    expect(isIpAddress(ip)).toBe(true);
  });
  it.each(["256.1.1.1", "1.2.3", "1.2.3.4.5", "a.b.c.d", "", "-", "1..2.3", "01234.1.1.1", "fe80::1%eth0"])("rejects %s", (ip) => {
    expect(isIpAddress(ip)).toBe(false);
  });
});

describe("parseCidr", () => {
  it("accepts addresses and prefixes, rejects junk", () => {
    expect(parseCidr("10.0.0.0/8")).toBe("10.0.0.0/8");
    expect(parseCidr(" 10.1.2.3 ")).toBe("10.1.2.3");
    expect(parseCidr("2001:db8::/32")).toBe("2001:db8::/32");
    expect(parseCidr("10.0.0.0/33")).toBeNull();
    expect(parseCidr("10.0.0.0/8/1")).toBeNull();
    expect(parseCidr("pod-ip")).toBeNull();
  });
});
