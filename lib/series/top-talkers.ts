// Top talkers of a range: flows ranked by source, destination, pair, port, interface or protocol,
// and DNS by name, client, resolver, query type or rcode. One aggregate over the raw rows of the
// range (flows read through the BRIN index on start_ms), the total of the same metric beside it.
import "server-only";
import { ApiError } from "@/lib/api/errors";
import { CAPTURE_KINDS, FLOW_KINDS } from "@/lib/evidence/families";
import { actionCode, flagClassCode } from "@/lib/flows/codes";
import { PROTOCOL_NAMES, qtypeName, rcodeName, SLOW_ANSWER_MS } from "@/lib/schemas/dns-codes";
import { ZTopFlowsQuery, type TTopAnswer, type TTopDnsQuery, type TTopFlowsQuery, type TTopRow } from "@/lib/schemas/top-talkers";
import { ZCidrChecked } from "./flow-series";
import { evidenceQuery, seriesScope } from "./series";

export const ZTopFlowsQueryChecked = ZTopFlowsQuery.extend({ src: ZCidrChecked.optional(), dst: ZCidrChecked.optional() });

const SLOW_US = SLOW_ANSWER_MS * 1000;

/** The range asked for, or the evidence's whole range (its last instant included); `from < to` or a 400. */
function rangeOf(q: { from?: number; to?: number }, evidence: { from: number; to: number }) {
  const from = q.from ?? evidence.from;
  const to = q.to ?? evidence.to + 1;
  if (!(to > from)) throw new ApiError("bad_range", "`to` must be after `from`.", { from, to });
  return { from, to };
}

const FLOW_KEYS: Record<TTopFlowsQuery["by"], string> = {
  src: "host(coalesce(pkt_src, src))",
  dst: "host(coalesce(pkt_dst, dst))",
  pair: "host(coalesce(pkt_src, src)) || ' -> ' || host(coalesce(pkt_dst, dst))",
  port: "dst_port::text",
  interface: "interface_id",
  protocol: "protocol::text",
};

const FLOW_VALUES: Record<TTopFlowsQuery["metric"], string> = {
  flows: "1", packets: "coalesce(packets, 0)", bytes: "coalesce(bytes, 0)",
  syn: `(flag_class = ${flagClassCode("syn")})::int`, reject: `(action = ${actionCode("REJECT")})::int`, rst: `(flag_class = ${flagClassCode("rst")})::int`,
};

export async function topFlows(incidentId: string, q: TTopFlowsQuery): Promise<TTopAnswer> {
  const { range: evidence, uploads } = await seriesScope(incidentId, FLOW_KINDS);
  const { from, to } = rangeOf(q, evidence);
  const params: unknown[] = [from, to, q.limit];
  const where = ["start_ms >= $1", "start_ms < $2"];
  if (q.src) where.push(`(src <<= $${params.push(q.src)}::inet OR pkt_src <<= $${params.length}::inet)`);
  if (q.dst) where.push(`(dst <<= $${params.push(q.dst)}::inet OR pkt_dst <<= $${params.length}::inet)`);
  if (q.port !== undefined) where.push(`(src_port = $${params.push(q.port)} OR dst_port = $${params.length})`);
  const rows = await evidenceQuery<{ key: string | null; value: string; total: string }>(uploads, params, (source) =>
    `SELECT key, value, sum(value) OVER () AS total FROM (
       SELECT k AS key, sum(v)::float8 AS value FROM ${source("flow_records", `${FLOW_KEYS[q.by]} AS k, ${FLOW_VALUES[q.metric]} AS v`, where.join(" AND "))} r
        GROUP BY 1) t
      ORDER BY value DESC, key LIMIT $3`,
  );
  // The total needs every group, the rows only the top ones: a window over the grouped rows gives both.
  const total = rows.length ? Number(rows[0]!.total) : 0;
  const label = (key: string) => (q.by === "protocol" ? (PROTOCOL_NAMES[Number(key)] ?? `protocol ${key}`) : key);
  return answer("flows", from, to, q, total, rows.filter((r) => Number(r.value) > 0).map((r) => row(r.key ?? "unknown", label(r.key ?? "unknown"), Number(r.value), total)));
}

const DNS_KEYS: Record<TTopDnsQuery["by"], string> = {
  qname: "coalesce(qname, '')", client: "host(client)", resolver: "host(server)", qtype: "coalesce(qtype, -1)::text", rcode: "coalesce(rcode, -1)::text",
};
const DNS_VALUES: Record<Exclude<TTopDnsQuery["metric"], "p90">, string> = {
  queries: "count(*)", unanswered: "count(*) FILTER (WHERE latency_us IS NULL)", servfail: "count(*) FILTER (WHERE rcode = 2)",
  nxdomain: "count(*) FILTER (WHERE rcode = 3)", slow: `count(*) FILTER (WHERE latency_us >= ${SLOW_US})`,
};

export async function topDns(incidentId: string, q: TTopDnsQuery): Promise<TTopAnswer> {
  const { range: evidence, uploads } = await seriesScope(incidentId, CAPTURE_KINDS);
  const { from, to } = rangeOf(q, evidence);
  const params: unknown[] = [from * 1000, to * 1000, q.limit];
  const p90 = q.metric === "p90";
  const value = q.metric === "p90" ? "(percentile_disc(0.9) WITHIN GROUP (ORDER BY latency_us) / 1000.0)" : DNS_VALUES[q.metric];
  const rows = await evidenceQuery<{ key: string; value: string | null; total: string | null }>(uploads, params, (source) =>
    `SELECT key, value, ${p90 ? "NULL" : "sum(value) OVER ()"} AS total FROM (
       SELECT k AS key, ${value}::float8 AS value
         FROM ${source("dns_transactions", `${DNS_KEYS[q.by]} AS k, latency_us, rcode`, "query_us >= $1 AND query_us < $2")} r
        GROUP BY 1 ${p90 ? "HAVING count(latency_us) >= 10" : ""}) t
      WHERE value IS NOT NULL
      ORDER BY value DESC, key LIMIT $3`,
  );
  const total = p90 ? null : rows.length ? Number(rows[0]!.total) : 0;
  const label = (key: string) =>
    q.by === "qtype" ? qtypeName(key === "-1" ? null : Number(key)) : q.by === "rcode" ? rcodeName(key === "-1" ? null : Number(key)) : key === "" ? "(no name)" : key;
  return answer("dns", from, to, q, total, rows.filter((r) => p90 || Number(r.value) > 0).map((r) => row(r.key, label(r.key), Number(r.value), total)));
}

const row = (key: string, label: string, value: number, total: number | null): TTopRow => ({
  key, label, value, share: total ? Math.round((value / total) * 10_000) / 10_000 : null,
});

const answer = (kind: TTopAnswer["kind"], from: number, to: number, q: { by: string; metric: string }, total: number | null, rows: TTopRow[]): TTopAnswer => ({
  kind, from, to, by: q.by, metric: q.metric, total, rows,
});

