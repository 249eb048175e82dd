import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EVIDENCE_FAMILIES, familyOfKind, KINDS_BY_FAMILY } from "@/lib/evidence/families";
import { detectFormat, FORMATS, whyUnreadable } from "./formats";

describe("the format registry and the evidence kinds", () => {
  it("files every parsable kind under the family that ingests it", () => {
    for (const f of FORMATS) expect([f.kind, familyOfKind(f.kind)]).toEqual([f.kind, f.family]);
  });

  it("knows no kind that no parser writes", () => {
    const parsed = new Set(FORMATS.map((f) => f.kind));
    for (const family of EVIDENCE_FAMILIES) for (const kind of KINDS_BY_FAMILY[family]) expect(parsed.has(kind), kind).toBe(true);
  });
});

describe("detecting flow logs", () => {
  const fixture = (name: string) => readFileSync(new URL(`../parsers/fixtures/${name}`, import.meta.url));
  const nat = fixture("aws-nat-custom.log").toString().split("\n");
  const natFields = nat[0]!.split(" ");
  const natRecords = Buffer.from(`${nat.slice(1).join("\n")}`);

  it("claims headerless records of the standard layouts by themselves", () => {
    for (const name of ["aws-v2-default.log", "aws-v5-all-fields.log"]) expect(detectFormat(fixture(name))?.kind, name).toBe("aws-vpc-flow");
    for (const name of ["firehose-messages.jsonl", "cloudwatch-subscription.json"]) expect(detectFormat(fixture(name))?.kind, name).toBe("aws-vpc-flow-cloudwatch");
  });

  it("claims headerless records of a custom layout only with their fields, as S3 text or Firehose JSON", () => {
    expect(detectFormat(natRecords)).toBeNull();
    expect(whyUnreadable(natRecords)).toMatch(/^a headerless record with 15 fields and version 3 fits none of the standard layouts/);
    expect(detectFormat(natRecords, natFields)?.kind).toBe("aws-vpc-flow");
    expect(detectFormat(natRecords, natFields.slice(1))).toBeNull();
    const firehose = Buffer.from(nat.slice(1, 3).map((message) => JSON.stringify({ message })).join("\n"));
    expect(detectFormat(firehose)).toBeNull();
    expect(detectFormat(firehose, natFields)?.kind).toBe("aws-vpc-flow-cloudwatch");
    expect(whyUnreadable(Buffer.from("the quick brown fox\n"))).toBe("not a known evidence format");
  });
});
