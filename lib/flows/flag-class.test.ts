import { describe, expect, it } from "vitest";
import { flagClass } from "./flag-class";

describe("flagClass", () => {
  it.each([
    [2, 6, "syn"],
    [3, 6, "syn"], // SYN+FIN from a short client connection
    [18, 6, "synack"],
    [19, 6, "synack"],
    [4, 6, "rst"],
    [22, 6, "rst"],
    [1, 6, "fin"],
    [17, 6, "fin"],
    [8, 6, "other"],
    [0, 6, "none"],
    [null, 6, "none"],
    [2, 17, "none"],
  ] as const)("flags %s protocol %s → %s", (flags, proto, expected) => {
    expect(flagClass(flags, proto)).toBe(expected);
  });
});
