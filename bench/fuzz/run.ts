// `npm run fuzz -- [--count N] [--seconds S] [--seed K] [--from I]`: mutants of every input format
// through the upload route, on a PostgreSQL of its own (embedded, under .data-fuzz/; or
// DATABASE_URL's server, in a fresh database). Prints the figures; exits 1 on any failure, whose
// inputs are kept in .fuzz-failures/ for replay.
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureDatabase, freePort, startEmbeddedPostgres, withDatabase } from "@/lib/runtime/database-server";
import { migrateDatabase } from "@/lib/runtime/migrate";

const { values } = parseArgs({
  options: { count: { type: "string", default: "1000" }, seconds: { type: "string", default: "600" }, seed: { type: "string", default: "1" }, from: { type: "string", default: "0" }, verbose: { type: "boolean", default: false } },
});
const root = path.resolve(import.meta.dirname, "../..");
// Under the repository, not the system temp folder: the embedded server runs as its own user and
// must be able to reach its data folder.
const work = path.join(root, ".data-fuzz", `run-${process.pid}`);
mkdirSync(work, { recursive: true });
const server = process.env.DATABASE_URL
  ? { url: process.env.DATABASE_URL, stop: async () => {} }
  : await startEmbeddedPostgres({ dataDir: path.join(work, "pg"), port: await freePort() });
const url = withDatabase(server.url, `hindsight_fuzz_${Date.now()}`);
await ensureDatabase(server.url, new URL(url).pathname.slice(1));
await migrateDatabase(url, root);
process.env.DATABASE_URL = url;
process.env.HINDSIGHT_DATA_DIR = path.join(work, "data");

// Imported once the environment names the database and data folder.
const { runFuzz } = await import("./runner");
const { disconnectDb } = await import("@/lib/db");
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
try {
  const report = await runFuzz({
    count: Number(values.count), seconds: Number(values.seconds), seed: Number(values.seed), from: Number(values.from),
    failuresDir: path.join(root, ".fuzz-failures"),
    onInput: values.verbose ? (k, seed, steps, size) => console.log(`[fuzz] #${k} ${seed} [${steps.join(", ")}] ${size} B`) : undefined,
    onProgress: (done, r) => {
      if (done % 250 === 0) console.log(`[fuzz] ${done} inputs, ${r.failures.length} failures, max ${r.maxMs} ms, rss ${mib(process.memoryUsage().rss)}`);
    },
  });
  console.log(`\n${report.inputs} inputs from ${report.seeds} seeds (seed ${values.seed}) in ${report.seconds.toFixed(0)} s`);
  console.log("| inputs from | inputs | answers |\n|---|---:|---|");
  for (const [cat, c] of Object.entries(report.byCategory)) {
    console.log(`| ${cat} | ${c.inputs} | ${Object.entries(c.statuses).map(([s, n]) => `${s}: ${n}`).join(", ")} |`);
  }
  console.log(`\nfailures: ${report.failures.length}; stuck uploads ${report.stuckUploads}; leaked temp files ${report.leakedTempFiles}; latency max ${report.maxMs} ms, p99 ${report.p99Ms} ms; peak RSS ${mib(report.maxRssBytes)}`);
  for (const f of report.failures.slice(0, 30)) console.log(`  #${f.input} ${f.seed} [${f.steps.join(", ")}] ${f.size} B: ${f.problem}`);
  process.exitCode = report.failures.length ? 1 : 0;
} finally {
  await disconnectDb();
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
