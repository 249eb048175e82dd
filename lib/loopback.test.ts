import { describe, expect, it } from "vitest";
import { isLoopbackHost } from "./loopback";

describe("isLoopbackHost", () => {
  it.each(["localhost", "LOCALHOST:3000", "app.localhost", "127.0.0.1", "127.1.2.3:8080", "::1", "[::1]", "[::1]:3000", "::ffff:127.0.0.1"])("%s is loopback", (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each(["0.0.0.0", "::", "[::]:3000", "10.0.0.5", "192.168.1.2:3000", "hindsight.example", "localhost.example", "128.0.0.1", "::ffff:10.0.0.1", ""])("%s is not", (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});
