import { describe, expect, it } from "vitest";
import { EVIDENCE_FAMILIES, familyOfKind, KINDS_BY_FAMILY } from "@/lib/evidence/families";
import { FORMATS } from "./formats";

describe("the format registry and the evidence kinds", () => {
  it("files every parsable kind under the family that ingests it", () => {
    for (const f of FORMATS) expect([f.kind, familyOfKind(f.kind)]).toEqual([f.kind, f.family]);
  });

  it("knows no kind that no parser writes", () => {
    const parsed = new Set(FORMATS.map((f) => f.kind));
    for (const family of EVIDENCE_FAMILIES) for (const kind of KINDS_BY_FAMILY[family]) expect(parsed.has(kind), kind).toBe(true);
  });
});
