// flow_talkers: per-minute sums of an upload's flows by source, destination, port, interface and
// protocol, so an unfiltered top-talkers ranking reads a few thousand rows a minute instead of
// every flow of it. The keys are defined here once, for the ingest that fills the table and for
// the raw-row ranking (lib/series/top-talkers.ts), so both group by exactly the same text.
import { actionCode, flagClassCode } from "@/lib/flows/codes";

export const TALKER_MINUTE_MS = 60_000;

/**
 * What each dimension groups by, over flow_records' columns, and the ranking key made from it:
 * grouping by the address first and formatting each group once is far cheaper than formatting
 * every row. Two groups of one key (an address with another netmask) just add up when read.
 */
export const TALKER_GROUPS = { src: "coalesce(pkt_src, src)", dst: "coalesce(pkt_dst, dst)", port: "dst_port", interface: "interface_id", protocol: "protocol" } as const;
export type TTalkerDim = keyof typeof TALKER_GROUPS;
export const talkerKey = (dim: TTalkerDim, group: string) =>
  dim === "src" || dim === "dst" ? `host(${group})` : dim === "interface" ? group : `${group}::text`;
/** The ranking key of each dimension, over flow_records' columns. */
export const TALKER_KEYS = Object.fromEntries(Object.entries(TALKER_GROUPS).map(([d, g]) => [d, talkerKey(d as TTalkerDim, g)])) as Record<TTalkerDim, string>;

/** The `dim` column's codes, in TALKER_KEYS order. */
export const TALKER_DIMS = Object.keys(TALKER_GROUPS) as TTalkerDim[];
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
 * parsers and the byte-level fast path stay as they are. Run with a large work_mem: hashed in
 * memory the pass takes half the time it takes sorted on disk.
 */
export function fillTalkersSql(target: string, records: string): string {
  const dims = TALKER_DIMS.map((d) => `k_${d}`);
  const dim = `CASE ${dims.map((k, i) => `WHEN grouping(${k}) = 0 THEN ${i}`).join(" ")} END`;
  const key = `CASE ${TALKER_DIMS.map((d, i) => `WHEN grouping(${dims[i]}) = 0 THEN ${talkerKey(d, dims[i]!)}`).join(" ")} END`;
  // Epoch ms are never negative here, but the floor stays right if they were.
  const minute = `start_ms - ((start_ms % ${TALKER_MINUTE_MS}) + ${TALKER_MINUTE_MS}) % ${TALKER_MINUTE_MS}`;
  return `INSERT INTO ${target} (ts, dim, key, flows, packets, bytes, syn, reject, rst)
    SELECT m, ${dim}, ${key}, count(*), sum(coalesce(packets, 0)), sum(coalesce(bytes, 0)),
           count(*) FILTER (WHERE ${TALKER_CONDITIONS.syn}), count(*) FILTER (WHERE ${TALKER_CONDITIONS.reject}),
           count(*) FILTER (WHERE ${TALKER_CONDITIONS.rst})
      FROM (SELECT ${minute} AS m, ${TALKER_DIMS.map((d, i) => `${TALKER_GROUPS[d]} AS ${dims[i]}`).join(", ")},
                   packets, bytes, flag_class, action FROM ${records}) r
     GROUP BY GROUPING SETS (${dims.map((k) => `(m, ${k})`).join(", ")})`;
}
