// DNS series for a filter (a client, a resolver, a name, a type, an rcode): the stored
// histograms and summaries hold every transaction at once, so a filtered answer is computed from
// the transactions themselves — counts as the rollups define them, and exact percentiles
// (nearest rank, as the exact small buckets of the unfiltered series) and maximum per bucket.
import "server-only";
import { z } from "zod";
import { DNS_COUNT_KEYS, DNS_FILTER_KEYS, DNS_PERCENTILE_KEYS, type TBuckets, type TDnsSeriesQuery } from "@/lib/schemas/series";
import { ZCidrChecked } from "./flow-series";
import { bucketIndex, emptyColumn } from "./range";
import { evidenceQuery } from "./series";

/** The DNS query with its addresses checked by node's parser. */
export const ZDnsFilterChecked = z.object({ client: ZCidrChecked.optional(), resolver: ZCidrChecked.optional() });

export const hasDnsFilter = (q: TDnsSeriesQuery) => DNS_FILTER_KEYS.some((k) => q[k] !== undefined);

type Row = { b: string; queries: string; answered: string; servfail: string; nxdomain: string; max: string | null; p: number[] | null };

export async function transactionColumns(uploads: string[], b: TBuckets, q: TDnsSeriesQuery) {
  const checked = ZDnsFilterChecked.parse({ client: q.client, resolver: q.resolver });
  const params: unknown[] = [b.step * 1000, b.from * 1000, b.to * 1000];
  const where = ["query_us >= $2", "query_us < $3"];
  if (checked.client) where.push(`client <<= $${params.push(checked.client)}::inet`);
  if (checked.resolver) where.push(`server <<= $${params.push(checked.resolver)}::inet`);
  if (q.qname !== undefined) where.push(`lower(qname) = lower($${params.push(q.qname)})`);
  if (q.qtype !== undefined) where.push(`qtype = $${params.push(q.qtype)}`);
  if (q.rcode !== undefined) where.push(`rcode = $${params.push(q.rcode)}`);
  const rows = await evidenceQuery<Row>(uploads, params, (source) =>
    `SELECT (query_us / $1) * $1 / 1000 AS b, count(*) AS queries, count(latency_us) AS answered,
            count(*) FILTER (WHERE latency_us IS NOT NULL AND rcode = 2) AS servfail,
            count(*) FILTER (WHERE latency_us IS NOT NULL AND rcode = 3) AS nxdomain, max(latency_us) AS max,
            percentile_disc(ARRAY[0.5, 0.9, 0.99]::float8[]) WITHIN GROUP (ORDER BY latency_us) AS p
       FROM ${source("dns_transactions", "query_us, latency_us, client, server, qname, qtype, rcode", where.join(" AND "))} t GROUP BY 1`,
  );
  const counts = DNS_COUNT_KEYS.map(() => emptyColumn(b, 0));
  const percentiles = DNS_PERCENTILE_KEYS.map(() => emptyColumn(b, null));
  const max = emptyColumn(b, null);
  for (const r of rows) {
    const i = bucketIndex(b, Number(r.b));
    if (i < 0) continue;
    const queries = Number(r.queries);
    const answered = Number(r.answered);
    const values: Record<(typeof DNS_COUNT_KEYS)[number], number> = { queries, answered, unanswered: queries - answered, servfail: Number(r.servfail), nxdomain: Number(r.nxdomain) };
    DNS_COUNT_KEYS.forEach((key, k) => (counts[k]![i] = values[key]));
    if (r.max !== null) max[i] = Number(r.max) / 1000;
    r.p?.forEach((us, k) => us !== null && (percentiles[k]![i] = us / 1000));
  }
  return { counts, percentiles, max };
}
