// What a server that died may have left, cleaned up before the next one serves: uploads still
// marked "ingesting" (their transactions were rolled back), partial files of uploads being
// received, evidence tables of uploads that no longer exist, and raw files no upload holds.
import pg from "pg";
import { clearTempFiles, removeOrphanBlobs } from "@/lib/evidence/blob-store";
import { dropOrphanTables } from "@/lib/evidence/partitions";
import { failInterruptedUploads } from "@/lib/runtime/recover-uploads";

export interface Recovered {
  interruptedUploads: number;
  tempFiles: number;
  orphanTables: string[];
  orphanBlobs: number;
}

/** Only while no ingest runs: at start, before the server listens. */
export async function recoverAtStart(databaseUrl: string): Promise<Recovered> {
  const interruptedUploads = await failInterruptedUploads(databaseUrl);
  const tempFiles = await clearTempFiles();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return { interruptedUploads, tempFiles, orphanTables: await dropOrphanTables(client), orphanBlobs: await removeOrphanBlobs(client) };
  } finally {
    await client.end();
  }
}
