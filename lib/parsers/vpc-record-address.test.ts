import { describe, expect, it } from "vitest";
import { createAwsVpcFlowParser } from "./aws-vpc-flow";
import type { FlowRecord } from "./flow-record";
import type { ParseIssue } from "./types";

describe("flow log addresses", () => {
  it("rejects a line whose address is not an IP, with its line number, and keeps the rest", () => {
    const flows: FlowRecord[] = [];
    const rejects: ParseIssue[] = [];
    const p = createAwsVpcFlowParser({ flow: (f) => flows.push(f), gap() {}, reject: (i) => rejects.push(i) });
    p.write(Buffer.from(
      "version srcaddr dstaddr start end log-status\n" +
        "5 10.0.0.1 10.0.0.2 1718000000 1718000001 OK\n" +
        "5 10.0.0.1 999.0.0.2 1718000000 1718000001 OK\n" +
        "5 2001:db8::1 2001:db8::2 1718000000 1718000001 OK\n",
    ));
    p.end();
    expect(flows.map((f) => f.dstaddr)).toEqual(["10.0.0.2", "2001:db8::2"]);
    expect(rejects).toEqual([{ line: 3, message: '"999.0.0.2" is not an IP address' }]);
  });
});
