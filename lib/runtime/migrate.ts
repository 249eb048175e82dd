// Applies the committed Prisma migrations (`prisma migrate deploy`, JS schema engine). Idempotent:
// already-applied migrations are skipped, so it runs on every start.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export async function migrateDatabase(databaseUrl: string, projectDir = process.cwd()): Promise<void> {
  const prismaBin = path.join(projectDir, "node_modules", ".bin", "prisma");
  try {
    await run(prismaBin, ["migrate", "deploy"], {
      cwd: projectDir,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`prisma migrate deploy failed:\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
  }
}
