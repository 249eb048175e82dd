// Applies the committed Prisma migrations with `prisma migrate deploy` (JS schema engine).
// Idempotent and cheap on restart: when every migration folder is already recorded as applied,
// the CLI (several seconds of WebAssembly start-up) is not run at all.
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

export function migrationNames(projectDir: string): string[] {
  const dir = path.join(projectDir, "prisma", "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

async function pendingMigrations(databaseUrl: string, projectDir: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: exists } = await client.query(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS ok`);
    if (!exists[0]?.ok) return migrationNames(projectDir);
    const { rows } = await client.query<{ name: string }>(
      `SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(rows.map((r) => r.name));
    return migrationNames(projectDir).filter((m) => !applied.has(m));
  } finally {
    await client.end();
  }
}

export async function migrateDatabase(databaseUrl: string, projectDir = process.cwd()): Promise<string[]> {
  const pending = await pendingMigrations(databaseUrl, projectDir);
  if (pending.length === 0) return [];
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
  return pending;
}
