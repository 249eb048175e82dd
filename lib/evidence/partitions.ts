// Per-upload partitions of the evidence tables: created standalone, loaded with COPY, indexed,
// then attached to their parents in the upload's transaction.
import type pg from "pg";
import { EVIDENCE_CATALOGUE, EVIDENCE_TABLES, columnsOf, type EvidenceTable } from "./catalogue";
import { CopyWriter } from "./copy-writer";

export type { EvidenceTable };
export { EVIDENCE_TABLES };

export const partitionName = (table: EvidenceTable, uploadId: string) => `${table}_u${uploadId.replace(/-/g, "")}`;

/**
 * Where an ingest builds an upload's table: its partition, or, when a stored upload is re-read
 * (its clock changed), a table beside it that swapInStagedTables puts in its place at the end, so
 * readers keep the old rows until the new ones commit and nothing waits on a long COPY.
 */
const buildName = (table: EvidenceTable, uploadId: string, staged: boolean) => partitionName(table, uploadId) + (staged ? "_next" : "");

/**
 * Creates a standalone table shaped like `table`, pinned to one upload (default + CHECK, so
 * COPY can omit upload_id and ATTACH needs no validation scan). Call inside the ingest transaction.
 */
export async function createUploadTable(client: pg.PoolClient, table: EvidenceTable, uploadId: string, staged = false): Promise<string> {
  const name = buildName(table, uploadId, staged);
  await client.query(
    `CREATE TABLE ${name} (LIKE ${table} INCLUDING DEFAULTS);
     ALTER TABLE ${name} ALTER COLUMN upload_id SET DEFAULT '${uploadId}'::uuid,
       ADD CONSTRAINT ${name}_upload CHECK (upload_id = '${uploadId}'::uuid);`,
  );
  return name;
}

/** A COPY into an upload's own table, in the catalogue's column order unless `columns` says otherwise. */
export const copyIntoUploadTable = (client: pg.PoolClient, table: EvidenceTable, uploadId: string, { columns = columnsOf(table), staged = false }: { columns?: readonly string[]; staged?: boolean } = {}) =>
  new CopyWriter(client, buildName(table, uploadId, staged), columns);

/** Builds the catalogue's indexes on loaded upload tables, then attaches them to their parents (staged ones: swapInStagedTables does). */
export async function finishUploadTables(client: pg.PoolClient, tables: readonly EvidenceTable[], uploadId: string, staged = false): Promise<void> {
  for (const table of tables) {
    for (const index of EVIDENCE_CATALOGUE[table].indexes) await client.query(`CREATE INDEX ON ${buildName(table, uploadId, staged)} ${index}`);
  }
  if (staged) return;
  for (const table of tables) await attachUploadTable(client, table, uploadId);
  // Fresh tables have no statistics: without them the first queries plan as if they were empty.
  for (const table of tables) await client.query(`ANALYZE ${partitionName(table, uploadId)}`);
}

/** Attaches a loaded upload table to its parent; readers are not blocked (SHARE UPDATE EXCLUSIVE). */
export async function attachUploadTable(client: pg.PoolClient, table: EvidenceTable, uploadId: string): Promise<void> {
  await client.query(`ALTER TABLE ${table} ATTACH PARTITION ${partitionName(table, uploadId)} FOR VALUES IN ('${uploadId}')`);
}

/**
 * Puts an upload's staged tables in place of its partitions, in the re-read's transaction: the
 * old ones are dropped (their parents are locked only from here to the commit), the new ones
 * renamed and attached.
 */
export async function swapInStagedTables(client: pg.PoolClient, tables: readonly EvidenceTable[], uploadId: string): Promise<void> {
  await dropUploadTables(client, uploadId);
  for (const table of tables) {
    const live = partitionName(table, uploadId);
    const next = buildName(table, uploadId, true);
    await client.query(`ALTER TABLE ${next} RENAME TO ${live}`);
    await client.query(`ALTER TABLE ${live} RENAME CONSTRAINT ${next}_upload TO ${live}_upload`);
    await attachUploadTable(client, table, uploadId);
    await client.query(`ANALYZE ${live}`);
  }
}

/** Drops every evidence partition of an upload. */
export async function dropUploadTables(client: pg.PoolClient | pg.Pool, uploadId: string): Promise<void> {
  const names = EVIDENCE_TABLES.map((t) => partitionName(t, uploadId));
  await client.query(`DROP TABLE IF EXISTS ${names.join(", ")}`);
}

type Queryable = { query: <R extends object = Record<string, unknown>>(sql: string, values?: unknown[]) => Promise<{ rows: R[] }> };

/**
 * Drops evidence tables whose upload no longer exists (left by a crash between steps, or by an
 * older version). Only at start, when no ingest is running: a running one's tables are invisible
 * until it commits anyway. Returns the names dropped.
 */
export async function dropOrphanTables(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname ~ '_u[0-9a-f]{32}$'`,
  );
  const orphans: string[] = [];
  for (const { relname } of rows) {
    const hex = relname.slice(-32);
    const uploadId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    if (!EVIDENCE_TABLES.some((t) => partitionName(t, uploadId) === relname)) continue;
    const { rows: found } = await db.query("SELECT 1 FROM uploads WHERE id = $1", [uploadId]);
    if (found.length) continue;
    await db.query(`DROP TABLE IF EXISTS ${relname}`);
    orphans.push(relname);
  }
  return orphans;
}

