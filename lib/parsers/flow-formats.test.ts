import { describe, expect, it } from "vitest";
import { fixture, parse, randomBytes } from "./fixtures/collect";
import { FLOW_FORMATS } from "./flow-formats";

const SAMPLES: Array<[string, string]> = [
  ["aws-v2.log", "aws-vpc-flow"],
  ["aws-v5.log", "aws-vpc-flow"],
  ["cloudwatch-events.json", "aws-vpc-flow-cloudwatch"],
  ["cloudwatch-export.txt", "aws-vpc-flow-cloudwatch"],
  ["athena.csv", "flow-csv"],
  ["insights.csv", "flow-csv"],
  ["insights-message.csv", "flow-csv"],
  ["gcp.jsonl", "gcp-vpc-flow"],
  ["gcp-array.json", "gcp-vpc-flow"],
];

describe("FLOW_FORMATS", () => {
  it("lists the four flow formats once each", () => {
    expect(FLOW_FORMATS.map((f) => f.kind).sort()).toEqual(["aws-vpc-flow", "aws-vpc-flow-cloudwatch", "flow-csv", "gcp-vpc-flow"]);
  });

  it.each(SAMPLES)("%s is claimed by %s alone, and parses cleanly with it", (name, kind) => {
    const head = fixture(name);
    expect(FLOW_FORMATS.filter((f) => f.sniff(head)).map((f) => f.kind)).toEqual([kind]);
    const out = parse((sink) => FLOW_FORMATS.find((f) => f.kind === kind)!.create(sink), head);
    expect(out.rejects).toEqual([]);
    expect(out.flows.length + out.gaps.length).toBeGreaterThan(0);
  });

  it("claims no binary blob, empty input or gzip magic", () => {
    for (const head of [randomBytes(65536), randomBytes(100, 7), new Uint8Array(), Uint8Array.of(0x1f, 0x8b, 8, 0)]) {
      expect(FLOW_FORMATS.filter((f) => f.sniff(head)).map((f) => f.kind)).toEqual([]);
    }
  });

  it("sniffs a head cut off in the middle of a line", () => {
    const head = Buffer.concat([fixture("aws-v5.log"), fixture("aws-v5.log").subarray(0, 40)]);
    expect(FLOW_FORMATS.find((f) => f.sniff(head))?.kind).toBe("aws-vpc-flow");
  });
});
