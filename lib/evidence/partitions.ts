// Per-upload partitions of the evidence tables (see the flow_evidence migration for why).
import type pg from "pg";

/** Every LIST(upload_id)-partitioned evidence table; later ingest families add theirs here. */
export const EVIDENCE_TABLES = [
  "flow_records", "flow_rollups", "flow_gaps",
  "metric_series", "metric_points",
  "dns_transactions", "dns_rollups", "dns_latency", "dns_latency_5s", "dns_latency_1m", "packet_rollups", "tcp_syn_rollups",
  "dns_latency_summary_5s", "dns_latency_summary_1m",
] as const;
export type EvidenceTable = (typeof EVIDENCE_TABLES)[number];

export const partitionName = (table: EvidenceTable, uploadId: string) => `${table}_u${uploadId.replace(/-/g, "")}`;

/**
 * Creates a standalone table shaped like `table`, pinned to one upload (default + CHECK, so
 * COPY can omit upload_id and ATTACH needs no validation scan). Call inside the ingest transaction.
 */
export async function createUploadTable(client: pg.PoolClient, table: EvidenceTable, uploadId: string): Promise<string> {
  const name = partitionName(table, uploadId);
  await client.query(
    `CREATE TABLE ${name} (LIKE ${table} INCLUDING DEFAULTS);
     ALTER TABLE ${name} ALTER COLUMN upload_id SET DEFAULT '${uploadId}'::uuid,
       ADD CONSTRAINT ${name}_upload CHECK (upload_id = '${uploadId}'::uuid);`,
  );
  return name;
}

/** Attaches a loaded upload table to its parent; readers are not blocked (SHARE UPDATE EXCLUSIVE). */
export async function attachUploadTable(client: pg.PoolClient, table: EvidenceTable, uploadId: string): Promise<void> {
  await client.query(`ALTER TABLE ${table} ATTACH PARTITION ${partitionName(table, uploadId)} FOR VALUES IN ('${uploadId}')`);
}

/** Drops every evidence partition of an upload. */
export async function dropUploadTables(client: pg.PoolClient | pg.Pool, uploadId: string): Promise<void> {
  const names = EVIDENCE_TABLES.map((t) => partitionName(t, uploadId));
  await client.query(`DROP TABLE IF EXISTS ${names.join(", ")}`);
}
