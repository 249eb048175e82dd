// The evidence catalogue is what ingest COPYs by and readers read by; the migrations are what
// the database holds. They must say the same: every partitioned table, column, type and NOT NULL.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { EVIDENCE_CATALOGUE, EVIDENCE_TABLES } from "@/lib/evidence/catalogue";

async function liveColumns(table: string) {
  const { rows } = await db.pool.query<{ name: string; type: string; notnull: boolean }>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type, attnotnull AS notnull
       FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [table],
  );
  return rows;
}

describe("the evidence catalogue", () => {
  it("lists exactly the partitioned tables of the migrated schema", async () => {
    const { rows } = await db.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() ORDER BY 1`,
    );
    expect(rows.map((r) => r.name)).toEqual([...EVIDENCE_TABLES].sort());
  });

  it.each(EVIDENCE_TABLES)("%s: upload_id, then the catalogue's columns with their types, in order", async (table) => {
    const expected = Object.entries(EVIDENCE_CATALOGUE[table].columns as Record<string, string>).map(([name, spec]) => ({
      name,
      type: spec.replace(/ null$/, ""),
      notnull: !spec.endsWith(" null"),
    }));
    expect(await liveColumns(table)).toEqual([{ name: "upload_id", type: "uuid", notnull: true }, ...expected]);
  });
});
