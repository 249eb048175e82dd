// The evidence tables: one entry per table, the one place in code that names their columns, types
// and per-upload indexes. Ingest takes its COPY column order from here and readers take the table
// names; the migrations create the parents, and a test holds the live schema to this list.
//
// Every table is LIST-partitioned by upload_id. An upload loads into standalone tables of its own,
// builds their indexes once after loading (far cheaper than maintaining them during COPY), then
// attaches them: readers are never blocked, and deleting an upload is a DROP.
import type { EvidenceFamily } from "./families";

/** Column → SQL type, in COPY order. upload_id is implied: each upload's table defaults it. */
type Columns = Readonly<Record<string, string>>;

export interface EvidenceTableSpec {
  family: Exclude<EvidenceFamily, "markers">;
  columns: Columns;
  /** What follows `CREATE INDEX ON <upload table>`. */
  indexes: readonly string[];
}

const DNS_LATENCY: Columns = { ts: "bigint", bucket: "smallint", count: "integer" };
const DNS_SUMMARY: Columns = {
  ts: "bigint", queries: "integer", answered: "integer", unanswered: "integer", servfail: "integer", nxdomain: "integer",
  max_latency_us: "bigint null", p50_us: "double precision null", p90_us: "double precision null", p99_us: "double precision null",
};

export const EVIDENCE_CATALOGUE = {
  flow_records: {
    family: "flows",
    columns: {
      start_ms: "bigint", end_ms: "bigint", src: "inet null", dst: "inet null", src_port: "integer null", dst_port: "integer null",
      protocol: "smallint null", packets: "bigint null", bytes: "bigint null", action: "smallint", tcp_flags: "smallint null",
      flag_class: "smallint", direction: "smallint", interface_id: "text null", pkt_src: "inet null", pkt_dst: "inet null",
    },
    indexes: ["USING brin (start_ms) WITH (pages_per_range = 16)"],
  },
  flow_rollups: {
    family: "flows",
    columns: { ts: "bigint", flag_class: "smallint", direction: "smallint", action: "smallint", flows: "bigint", packets: "bigint", bytes: "bigint" },
    indexes: ["(ts)"],
  },
  /** Per-minute sums by src, dst, port, interface and protocol (flow-talkers.ts): unfiltered top talkers. */
  flow_talkers: {
    family: "flows",
    columns: {
      ts: "bigint", dim: "smallint", key: "text null", flows: "bigint", packets: "bigint", bytes: "bigint", syn: "bigint", reject: "bigint", rst: "bigint",
    },
    indexes: ["(dim, ts)"],
  },
  flow_gaps: {
    family: "flows",
    columns: { start_ms: "bigint", end_ms: "bigint", status: "text", interface_id: "text null" },
    indexes: [],
  },
  metric_series: {
    family: "metrics",
    columns: {
      series_id: "integer", name: "text", labels: "jsonb", label_key: "text", unit: "text null", points: "integer",
      first_ms: "bigint null", last_ms: "bigint null", interval_ms: "bigint null",
    },
    indexes: ["(name)"],
  },
  metric_points: {
    family: "metrics",
    columns: { series_id: "integer", ts: "bigint", value: "double precision" },
    indexes: ["(series_id, ts)"],
  },
  dns_transactions: {
    family: "captures",
    columns: {
      query_us: "bigint", answer_us: "bigint null", latency_us: "bigint null", client: "inet", client_port: "integer", server: "inet",
      server_port: "integer", transport: "smallint", dns_id: "integer", qname: "text null", qtype: "integer null", rcode: "smallint null",
      retries: "integer",
    },
    indexes: ["USING brin (query_us)"],
  },
  dns_rollups: {
    family: "captures",
    columns: {
      ts: "bigint", queries: "integer", answered: "integer", unanswered: "integer", servfail: "integer", nxdomain: "integer",
      refused: "integer", retries: "integer", max_latency_us: "bigint null",
    },
    indexes: [],
  },
  dns_latency: { family: "captures", columns: DNS_LATENCY, indexes: ["(ts)"] },
  dns_latency_5s: { family: "captures", columns: DNS_LATENCY, indexes: ["(ts)"] },
  dns_latency_1m: { family: "captures", columns: DNS_LATENCY, indexes: ["(ts)"] },
  dns_latency_summary_5s: { family: "captures", columns: DNS_SUMMARY, indexes: ["(ts)"] },
  dns_latency_summary_1m: { family: "captures", columns: DNS_SUMMARY, indexes: ["(ts)"] },
  packet_rollups: {
    family: "captures",
    columns: {
      ts: "bigint", syn: "integer", synack: "integer", rst: "integer", fin: "integer", other: "integer", none: "integer",
      syn_retransmissions: "integer",
    },
    indexes: [],
  },
  tcp_syn_rollups: {
    family: "captures",
    columns: { ts: "bigint", dst: "inet", dst_port: "integer", syns: "integer", syn_retransmissions: "integer" },
    indexes: [],
  },
} as const satisfies Record<string, EvidenceTableSpec>;

export type EvidenceTable = keyof typeof EVIDENCE_CATALOGUE;

export const EVIDENCE_TABLES = Object.keys(EVIDENCE_CATALOGUE) as EvidenceTable[];

/** The tables one family's ingest fills, in catalogue order. */
export const tablesOf = (family: EvidenceTableSpec["family"]): EvidenceTable[] =>
  EVIDENCE_TABLES.filter((t) => EVIDENCE_CATALOGUE[t].family === family);

/** A table's columns in COPY order (without upload_id). */
export const columnsOf = (table: EvidenceTable): string[] => Object.keys(EVIDENCE_CATALOGUE[table].columns);
