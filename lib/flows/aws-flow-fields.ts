// The field names AWS prints in VPC and Transit Gateway flow-log headers and format strings
// (docs/formats.md §1.2), and the parsing of a user-given field list (the upload's `fields` form
// field). Here, below both the parsers and the upload schema, because both need the one list.

/** Every documented field name: VPC versions 2–8, Transit Gateway (version 6), and two unverified extras. */
export const AWS_FLOW_FIELDS: readonly string[] = (
  "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status " +
  "vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr " +
  "region az-id sublocation-type sublocation-id " +
  "pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path " +
  "resource-type tgw-id tgw-attachment-id tgw-src-vpc-account-id tgw-dst-vpc-account-id tgw-src-vpc-id tgw-dst-vpc-id " +
  "tgw-src-subnet-id tgw-dst-subnet-id tgw-src-eni tgw-dst-eni tgw-src-az-id tgw-dst-az-id tgw-pair-attachment-id " +
  "packets-lost-no-route packets-lost-blackhole packets-lost-mtu-exceeded packets-lost-ttl-expired " +
  "ecs-cluster-arn ecs-cluster-name ecs-container-instance-arn ecs-container-instance-id ecs-container-id " +
  "ecs-second-container-id ecs-service-name ecs-task-definition-arn ecs-task-arn ecs-task-id " +
  "reject-reason resource-id encryption-status"
).split(" ");

const KNOWN = new Set(AWS_FLOW_FIELDS);

/** `${tcp-flags}` (AWS format string), `tcp_flags` (Athena) and `TCP-FLAGS` all name `tcp-flags`. */
export const normaliseFlowField = (name: string) => name.trim().replace(/^\$\{(.*)\}$/, "$1").toLowerCase().replace(/_/g, "-");

export const isKnownFlowField = (name: string) => KNOWN.has(normaliseFlowField(name));

export type FlowFieldList = { fields: string[] } | { problem: string; unknown: string[] };

/**
 * A field list as users copy it: the AWS format string (`${version} ${account-id} …`, as the
 * console and `describe-flow-logs` show it) or names separated by spaces or commas, hyphenated or
 * with underscores. Names come back normalised (hyphenated, lower case).
 */
export function parseFlowFieldList(text: string): FlowFieldList {
  const names: string[] = [];
  if (text.includes("${")) {
    const rest = text.replace(/\$\{([^}]*)\}/g, (_, name: string) => (names.push(name), " "));
    const stray = rest.split(/[\s,]+/).filter((t) => t !== "");
    if (stray.length) return { problem: `text outside \${…} in the format string: ${stray.slice(0, 5).join(" ")}`, unknown: stray };
  } else names.push(...text.split(/[\s,]+/).filter((t) => t !== ""));
  const fields = names.map(normaliseFlowField);
  if (fields.length === 0) return { problem: "no field names", unknown: [] };
  const unknown = [...new Set(fields.filter((f) => !KNOWN.has(f)))];
  if (unknown.length) return { problem: `unknown field name${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`, unknown };
  const repeated = fields.find((f, i) => fields.indexOf(f) !== i);
  if (repeated) return { problem: `${repeated} is listed twice`, unknown: [] };
  return { fields };
}
