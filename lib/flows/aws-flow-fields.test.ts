import { describe, expect, it } from "vitest";
import { parseFlowFieldList } from "./aws-flow-fields";

const V2 = ["version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "action", "log-status"];

describe("a flow log's field list", () => {
  it("reads the AWS format string and plain lists (spaces, commas, underscores, any case)", () => {
    const formatString = V2.map((f) => `\${${f}}`).join(" ");
    expect(parseFlowFieldList(formatString)).toEqual({ fields: V2 });
    expect(parseFlowFieldList(`  ${V2.join("  ")}\n`)).toEqual({ fields: V2 });
    expect(parseFlowFieldList("srcaddr, DSTADDR,tcp_flags ,pkt_src_aws_service")).toEqual({ fields: ["srcaddr", "dstaddr", "tcp-flags", "pkt-src-aws-service"] });
    expect(parseFlowFieldList("${tgw-attachment-id}${start}")).toEqual({ fields: ["tgw-attachment-id", "start"] });
  });

  it("names what is wrong: unknown names, text outside ${…}, repeats, nothing", () => {
    expect(parseFlowFieldList("srcaddr dst-addr start strat")).toEqual({ problem: "unknown field names: dst-addr, strat", unknown: ["dst-addr", "strat"] });
    expect(parseFlowFieldList("${srcaddr} dstaddr")).toMatchObject({ problem: "text outside ${…} in the format string: dstaddr" });
    expect(parseFlowFieldList("start srcaddr start")).toEqual({ problem: "start is listed twice", unknown: [] });
    expect(parseFlowFieldList(" , ")).toEqual({ problem: "no field names", unknown: [] });
  });
});
