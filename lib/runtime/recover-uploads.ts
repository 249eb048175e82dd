// At start, an upload still marked "ingesting" inside its request belongs to a process that died
// mid-ingest. Its transaction was rolled back by Postgres, so no evidence rows exist; mark it
// failed. Uploads of the job queue (job_id set) are left to it: their job is retried, and a worker
// in another process may be reading them right now.
import pg from "pg";

export async function failInterruptedUploads(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query(
      `UPDATE uploads SET status = 'failed', finished_at = now(),
         failure = 'Interrupted: the server stopped while this file was being ingested; nothing of it was stored. Upload it again.'
       WHERE status = 'ingesting' AND job_id IS NULL`,
    );
    return rowCount ?? 0;
  } finally {
    await client.end();
  }
}
