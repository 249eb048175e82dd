import { describe, expect, it } from "vitest";
import { AWS_FLOW_FIELDS } from "@/lib/flows/aws-flow-fields";
import { ZUploadFields } from "./upload";

describe("upload form fields", () => {
  it("is the upload's optional `fields` form field: normalised names, or a refusal listing the known ones", () => {
    expect(ZUploadFields.parse({ fields: "${version} ${srcaddr} ${end}" }).fields).toEqual(["version", "srcaddr", "end"]);
    expect(ZUploadFields.parse({}).fields).toBeUndefined();
    const bad = ZUploadFields.safeParse({ fields: "version source-address" });
    expect(bad.success).toBe(false);
    const issue = bad.error!.issues[0]!;
    expect(issue.path).toEqual(["fields"]);
    expect(issue.message).toMatch(/^fields: unknown field name: source-address\. Known field names: version account-id interface-id/);
    expect(issue).toMatchObject({ params: { unknown: ["source-address"], known: AWS_FLOW_FIELDS } });
    expect(ZUploadFields.safeParse({ fields: "" }).success).toBe(false);
  });
});
