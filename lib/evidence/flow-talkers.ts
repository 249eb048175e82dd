// flow_talkers: per-minute sums of an upload's flows by source, destination, port, interface and
// protocol, so an unfiltered top-talkers ranking reads a few thousand rows a minute instead of
// every flow of it. The keys are defined here once, for the ingest that fills the table and for
// the raw-row ranking (lib/series/top-talkers.ts), so both group by exactly the same text.
import { actionCode, flagClassCode } from "@/lib/flows/codes";

export const TALKER_MINUTE_MS = 60_000;

/** The ranking key of each dimension, over flow_records' columns. */
export const TALKER_KEYS = {
  src: "host(coalesce(pkt_src, src))",
  dst: "host(coalesce(pkt_dst, dst))",
  port: "dst_port::text",
  interface: "interface_id",
  protocol: "protocol::text",
} as const;
export type TTalkerDim = keyof typeof TALKER_KEYS;

/** The `dim` column's codes, in TALKER_KEYS order. */
export const TALKER_DIMS = Object.keys(TALKER_KEYS) as TTalkerDim[];
export const talkerDimCode = (d: TTalkerDim) => TALKER_DIMS.indexOf(d);

/** The flows each counter counts (the raw ranking filters by the same conditions). */
export const TALKER_CONDITIONS = {
  syn: `flag_class = ${flagClassCode("syn")}`,
  reject: `action = ${actionCode("REJECT")}`,
  rst: `flag_class = ${flagClassCode("rst")}`,
} as const;

/**
 * Fills `target` (an upload's flow_talkers table) from `records` (the same upload's flow_records
 * table) in one pass: one GROUP BY GROUPING SETS over the loaded rows, after the COPY, so the
 * parsers and the byte-level fast path stay as they are.
 */
export function fillTalkersSql(target: string, records: string): string {
  const dims = TALKER_DIMS.map((d) => `k_${d}`);
  const dim = `CASE ${dims.map((k, i) => `WHEN grouping(${k}) = 0 THEN ${i}`).join(" ")} END`;
  const key = `CASE ${dims.map((k) => `WHEN grouping(${k}) = 0 THEN ${k}`).join(" ")} END`;
  // Epoch ms are never negative here, but the floor stays right if they were.
  const minute = `start_ms - ((start_ms % ${TALKER_MINUTE_MS}) + ${TALKER_MINUTE_MS}) % ${TALKER_MINUTE_MS}`;
  return `INSERT INTO ${target} (ts, dim, key, flows, packets, bytes, syn, reject, rst)
    SELECT m, ${dim}, ${key}, count(*), sum(coalesce(packets, 0)), sum(coalesce(bytes, 0)),
           count(*) FILTER (WHERE ${TALKER_CONDITIONS.syn}), count(*) FILTER (WHERE ${TALKER_CONDITIONS.reject}),
           count(*) FILTER (WHERE ${TALKER_CONDITIONS.rst})
      FROM (SELECT ${minute} AS m, ${TALKER_DIMS.map((d, i) => `${TALKER_KEYS[d]} AS ${dims[i]}`).join(", ")},
                   packets, bytes, flag_class, action FROM ${records}) r
     GROUP BY GROUPING SETS (${dims.map((k) => `(m, ${k})`).join(", ")})`;
}
