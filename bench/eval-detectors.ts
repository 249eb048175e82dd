// Evaluation of every detector over the generated scenario suite (lib/samples/scenarios): each
// scenario's files go through the real ingest (format detection, parsers, COPY, rollups) into
// an incident of its own on a fresh embedded PostgreSQL, the detectors run, and their findings
// are scored against the scenario's truth. Informational findings do not count.
//
//   npm run eval:detectors -- [--seeds 14] [--dev] [--story syn-storm] [--port 54720] [--out bench/out/eval]
//
// --dev runs the development seeds (the ones the tests use); without it the seeds are the
// held-out evaluation seeds (10 000 up).
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureDatabase, startEmbeddedPostgres, withDatabase } from "../lib/runtime/database-server";
import { migrateDatabase } from "../lib/runtime/migrate";
import { DEVELOPMENT_SEEDS, evaluationSeeds, scenarioSuite, type Scenario } from "../lib/samples/scenarios/stories";
import { DETECTOR_IDS, type TDetectorId } from "../lib/schemas/finding";
import type { DetectedFinding } from "../lib/detectors/types";
import { machine } from "./lib";

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "14" },
    dev: { type: "boolean", default: false },
    story: { type: "string" },
    port: { type: "string", default: "54720" },
    out: { type: "string", default: "bench/out/eval" },
    verbose: { type: "boolean", default: false },
  },
});

/** A finding this far outside the true window still counts as finding it (bucket edges, retries). */
const SLACK_MS = 30_000;

const out = path.resolve(values.out!);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const server = await startEmbeddedPostgres({ dataDir: path.join(out, "pg-root"), port: Number(values.port) });
await ensureDatabase(server.url, "hindsight");
process.env.DATABASE_URL = withDatabase(server.url, "hindsight");
process.env.HINDSIGHT_DATA_DIR = path.join(out, "data");
await migrateDatabase(process.env.DATABASE_URL, path.resolve("."));
// Loaded once the environment says which database and data folder to use.
const { db } = await import("../lib/db");
const { createIncident } = await import("../lib/incidents/incidents");
const { ingestFiles } = await import("../lib/ingest/ingest-upload");
const { whenDetectorsIdle } = await import("../lib/findings/scheduler");
const { runDetectors } = await import("../lib/detectors");

const seeds = values.dev ? DEVELOPMENT_SEEDS : evaluationSeeds(Number(values.seeds));
const suite = scenarioSuite(seeds).filter((s) => !values.story || s.story === values.story);
const generators = new Set(suite.map((s) => s.story)).size;

/** A scenario without its files: kept for the report while its evidence is let go. */
type ScenarioInfo = Omit<Scenario, "write">;
type Scored = { scenario: ScenarioInfo; findings: DetectedFinding[]; timings: Record<string, number>; ingestMs: number; error?: string };

const overlaps = (f: { from: number; to: number }, e: { from: number; to: number }) => f.from < e.to + SLACK_MS && f.to > e.from - SLACK_MS;
const iou = (f: { from: number; to: number }, e: { from: number; to: number }) => {
  const inter = Math.max(0, Math.min(f.to, e.to) - Math.max(f.from, e.from));
  return inter / (Math.max(f.to, e.to) - Math.min(f.from, e.from));
};
const names = (f: DetectedFinding, subject: string) => `${f.title} ${f.subject} ${JSON.stringify(f.evidence.subject)}`.includes(subject);
/** Informational findings and refutations ("DNS answered fast") claim no trouble: they are not scored. */
const significant = (fs: DetectedFinding[]) => fs.filter((f) => f.severity !== "info" && f.stance !== "against");

async function runScenario(scenario: Scenario): Promise<Scored> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `hindsight-eval-${scenario.id}-`));
  try {
    const files = await scenario.write(dir);
    const incident = await createIncident({ title: scenario.id });
    const started = performance.now();
    const received = files.map((file) => ({ tempPath: file, filename: path.basename(file), size: statSync(file).size, sha256: createHash("sha256").update(readFileSync(file)).digest("hex") }));
    const uploads = await ingestFiles(incident.id, received, {}).catch((e: Error) => e);
    if (uploads instanceof Error) return { scenario, findings: [], timings: {}, ingestMs: 0, error: `upload refused: ${uploads.message}` };
    const ingestMs = performance.now() - started;
    const failed = uploads.filter((u) => u.status !== "ready");
    if (failed.length) return { scenario, findings: [], timings: {}, ingestMs, error: `upload failed: ${failed.map((u) => `${u.filename}: ${u.failure}`).join("; ")}` };
    // The run the upload scheduled is the product's; the one here reads the same evidence for its timings.
    await whenDetectorsIdle(incident.id);
    const run = await runDetectors(db.pool, incident.id);
    if (run.errors.length) return { scenario, findings: run.findings, timings: run.timings, ingestMs, error: run.errors.map((e) => `${e.detector}: ${e.message}`).join("; ") };
    return { scenario, findings: run.findings, timings: run.timings, ingestMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: Scored[] = [];
const began = Date.now();
for (const [i, maker] of suite.entries()) {
  const scenario = maker.make();
  const info: ScenarioInfo = { id: scenario.id, story: scenario.story, kind: scenario.kind, seed: scenario.seed, description: scenario.description, expect: scenario.expect, tolerate: scenario.tolerate };
  const r = { ...(await runScenario(scenario)), scenario: info };
  results.push(r);
  const got = significant(r.findings).map((f) => f.detector).join(",") || "–";
  const want = scenario.expect.map((e) => e.detector).join(",") || "–";
  console.log(`[eval] ${i + 1}/${suite.length} ${scenario.id}: want ${want}; got ${got}${r.error ? `; ERROR ${r.error}` : ""} (${Math.round(r.ingestMs)} ms ingest)`);
  if (values.verbose) for (const f of r.findings) console.log(`    [${f.detector}] ${f.severity} ${f.title}`);
}

type Row = { expected: number; found: number; named: number; iou: number[]; tp: number; fp: number; fpWhere: Map<string, number>; ms: number[] };
const rows = new Map<TDetectorId, Row>(DETECTOR_IDS.map((id) => [id, { expected: 0, found: 0, named: 0, iou: [], tp: 0, fp: 0, fpWhere: new Map(), ms: [] }]));
const errors = results.filter((r) => r.error);
for (const r of results) {
  const sig = significant(r.findings);
  for (const [id, ms] of Object.entries(r.timings)) rows.get(id as TDetectorId)?.ms.push(ms);
  for (const e of r.scenario.expect) {
    const row = rows.get(e.detector)!;
    row.expected++;
    const hits = sig.filter((f) => f.detector === e.detector && overlaps(f, e));
    if (!hits.length) continue;
    row.found++;
    if (!e.subject || hits.some((f) => names(f, e.subject!))) row.named++;
    row.iou.push(Math.max(...hits.map((f) => iou(f, e))));
  }
  for (const f of sig) {
    const row = rows.get(f.detector)!;
    if (r.scenario.expect.some((e) => e.detector === f.detector && overlaps(f, e))) row.tp++;
    else if (!r.scenario.tolerate.includes(f.detector)) {
      row.fp++;
      row.fpWhere.set(r.scenario.story, (row.fpWhere.get(r.scenario.story) ?? 0) + 1);
    }
  }
}

const fmt = (x: number | null) => (x === null ? "–" : x.toFixed(2));
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const lines = [
  `Scenarios: ${suite.length} (${seeds.length} seeds × ${generators} generators; ${values.dev ? "development" : "held-out evaluation"} seeds ${seeds[0]}–${seeds.at(-1)}), ${errors.length} with errors; ${((Date.now() - began) / 1000).toFixed(0)} s on ${machine()}.`,
  "",
  "| Detector | Expected | Recall | Names the subject | Window IoU | Findings | Precision | False positives in | Runtime mean / max |",
  "|---|---:|---:|---:|---:|---:|---:|---|---:|",
  ...[...rows].map(([id, r]) => {
    const recall = r.expected ? r.found / r.expected : null;
    const precision = r.tp + r.fp ? r.tp / (r.tp + r.fp) : null;
    const where = [...r.fpWhere].map(([s, n]) => `${s} ${n}`).join(", ") || "–";
    return `| ${id} | ${r.expected} | ${fmt(recall)} | ${r.found ? fmt(r.named / r.found) : "–"} | ${fmt(mean(r.iou))} | ${r.tp + r.fp} | ${fmt(precision)} | ${where} | ${Math.round(mean(r.ms) ?? 0)} / ${Math.max(0, ...r.ms)} ms |`;
  }),
];
if (errors.length) lines.push("", "Errors:", ...errors.map((r) => `- ${r.scenario.id}: ${r.error}`));
const missed = results.flatMap((r) => r.scenario.expect.filter((e) => !significant(r.findings).some((f) => f.detector === e.detector && overlaps(f, e))).map((e) => `- ${r.scenario.id} missed ${e.detector}: ${r.scenario.description}`));
if (missed.length) lines.push("", "Missed:", ...missed);
const report = lines.join("\n");
writeFileSync(path.join(out, "results.md"), report + "\n");
console.log(`\n${report}`);
await db.pool.end().catch(() => {});
await server.stop();
process.exit(errors.length ? 1 : 0);
