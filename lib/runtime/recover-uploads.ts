// At start, an upload still marked "ingesting" belongs to a process that died mid-ingest. Its
// transaction was rolled back by Postgres, so no evidence rows exist; mark it failed.
import pg from "pg";

export async function failInterruptedUploads(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query(
      `UPDATE uploads SET status = 'failed', finished_at = now(),
         failure = 'Interrupted: the server stopped while this file was being ingested; nothing of it was stored. Upload it again.'
       WHERE status = 'ingesting'`,
    );
    return rowCount ?? 0;
  } finally {
    await client.end();
  }
}
