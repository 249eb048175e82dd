// Proposed clock offsets where two sources saw the same events: the connection attempts (SYNs) a
// flow log recorded and the same SYNs in a packet capture. Their per-second counts are
// cross-correlated over ±10 min, then the capture's exact SYN times refine the lag to ~10 ms.
// The capture is the one to shift: flow logs are stamped by the cloud provider's clocks, a
// capture by whatever node it ran on. Likewise rollout markers (the orchestrator's clock) against
// the metric steps that follow them: the metric export is the one proposed for a shift, and the
// explanation says the lag may as well be the rollout taking effect.
import "server-only";
import { existsSync } from "node:fs";
import { db } from "@/lib/db";
import { blobPath } from "@/lib/evidence/blob-store";
import { CAPTURE_KINDS, FLOW_KINDS, MARKER_KINDS, METRIC_KINDS } from "@/lib/evidence/families";
import { flagClassCode } from "@/lib/flows/codes";
import { familyFormat } from "@/lib/ingest/formats";
import { formatOffset, type TClockProposal, type TClockProposals } from "@/lib/schemas/clock";
import { evidenceQuery, type TEvidenceSource } from "@/lib/series/series";
import { captureSynTimes } from "./capture-syn-times";
import { bestLag, refineShift, type SecondCounts } from "./correlate";
import { stepLag, type StepFit, type TPoint } from "./marker-steps";

export const MAX_LAG_S = 600;
const MIN_SYNS = 20;
const MIN_CORRELATION = 0.6;
/** A lag is only proposed when it beats every lag more than 2 s away by this much (periodic storms are ambiguous). */
const MIN_MARGIN = 0.1;
/** Closer than this the sources are in step: nothing to propose. */
const IN_STEP_MS = 20;

type UploadRow = { id: string; filename: string; kind: string; sha256: string; clockOffsetMs: number; timeZone: string | null };

async function countsOf(uploadId: string, sql: (source: TEvidenceSource) => string): Promise<SecondCounts> {
  const rows = await evidenceQuery<{ s: string; n: number }>([uploadId], [], sql);
  const counts: SecondCounts = new Map();
  for (const r of rows) counts.set(Number(r.s), Number(r.n));
  return counts;
}

const SYN_CLASS = flagClassCode("syn");
const flowSyns = (id: string) =>
  countsOf(id, (source) => `SELECT ts / 1000 AS s, sum(flows)::float8 AS n FROM ${source("flow_rollups", "ts, flows", `flag_class = ${SYN_CLASS}`)} r GROUP BY 1`);
/** First SYNs only: a flow log counts a retried connection once. */
const captureSyns = (id: string) =>
  countsOf(id, (source) => `SELECT ts / 1000 AS s, (syn - syn_retransmissions)::float8 AS n FROM ${source("packet_rollups", "ts, syn, syn_retransmissions", "syn > syn_retransmissions")} r`);

const total = (c: SecondCounts) => [...c.values()].reduce((a, b) => a + b, 0);

/** Proposals for every ready capture against the flow logs, and every metric export against the rollout markers. */
export async function clockProposals(incidentId: string): Promise<TClockProposals> {
  const uploads: UploadRow[] = await db.prisma.upload.findMany({
    where: { incidentId, status: "ready", kind: { in: [...FLOW_KINDS, ...CAPTURE_KINDS, ...METRIC_KINDS, ...MARKER_KINDS] } },
    select: { id: true, filename: true, kind: true, sha256: true, clockOffsetMs: true, timeZone: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const proposals: TClockProposal[] = [];
  const skipped: TClockProposals["skipped"] = [];
  const skip = (u: UploadRow, reason: string) => skipped.push({ uploadId: u.id, filename: u.filename, reason });
  await synProposals(uploads, proposals, skip);
  await markerStepProposals(incidentId, uploads, proposals, skip);
  return { proposals, skipped };
}

type Skip = (u: UploadRow, reason: string) => void;

async function synProposals(uploads: UploadRow[], proposals: TClockProposal[], skip: Skip): Promise<void> {
  const flows = uploads.filter((u) => FLOW_KINDS.includes(u.kind));
  const captures = uploads.filter((u) => CAPTURE_KINDS.includes(u.kind));
  if (!captures.length) return;
  const flowCounts = await Promise.all(flows.map(async (f) => ({ f, counts: await flowSyns(f.id) })));
  const references = flowCounts.filter((r) => total(r.counts) >= MIN_SYNS);

  for (const c of captures) {
    if (!flows.length) {
      skip(c, "no flow log in this incident to compare its SYNs with");
      continue;
    }
    if (!references.length) {
      skip(c, `no flow log has ${MIN_SYNS} or more SYN-only flows to compare with`);
      continue;
    }
    const counts = await captureSyns(c.id);
    const syns = total(counts);
    if (syns < MIN_SYNS) {
      skip(c, `${syns} connection attempts (SYNs) in the capture; at least ${MIN_SYNS} are needed`);
      continue;
    }
    const fits = references
      .map((r) => ({ ...r, fit: bestLag(r.counts, counts, MAX_LAG_S) }))
      .filter((r) => r.fit !== null)
      .sort((a, b) => b.fit!.correlation - a.fit!.correlation);
    const best = fits[0];
    if (!best || best.fit!.correlation < MIN_CORRELATION) {
      skip(c, `its SYNs do not follow any flow log's within ±${MAX_LAG_S / 60} min (best correlation ${(best?.fit?.correlation ?? 0).toFixed(2)}, at least ${MIN_CORRELATION} needed)`);
      continue;
    }
    const fit = best.fit!;
    if (fit.correlation - fit.runnerUp < MIN_MARGIN) {
      skip(c, `no single lag stands out against ${best.f.filename} (correlation ${fit.correlation.toFixed(2)} at ${fit.lagS} s, ${fit.runnerUp.toFixed(2)} elsewhere): the SYN peaks repeat too regularly`);
      continue;
    }
    // Whole seconds first; the exact SYN times, when the raw file is still there, narrow it down.
    let shiftMs = fit.lagS * 1000;
    let correlation = fit.correlation;
    let refined = false;
    const format = familyFormat("captures", c.kind);
    if (existsSync(blobPath(c.sha256))) {
      const { times } = await captureSynTimes(c.sha256, format, { offsetMs: c.clockOffsetMs, timeZone: c.timeZone });
      const fine = refineShift(best.counts, times, shiftMs);
      if (fine && fine.correlation >= MIN_CORRELATION) [shiftMs, correlation, refined] = [fine.shiftMs, fine.correlation, true];
    }
    if (Math.abs(shiftMs) < IN_STEP_MS) {
      skip(c, `already in step with ${best.f.filename} (within ${IN_STEP_MS} ms; correlation ${correlation.toFixed(2)})`);
      continue;
    }
    const lead = -shiftMs;
    const how = lead > 0 ? "lead" : "lag behind";
    proposals.push({
      uploadId: c.id,
      filename: c.filename,
      currentOffsetMs: c.clockOffsetMs,
      proposedOffsetMs: c.clockOffsetMs + shiftMs,
      shiftMs,
      score: Math.max(0, Math.min(1, correlation)),
      method: "syn-correlation",
      against: { uploadId: best.f.id, filename: best.f.filename },
      explanation:
        `the capture's SYN peaks ${how} the flow log's (${best.f.filename}) by ${formatOffset(Math.abs(lead)).replace(/^[+−]/, "")} ` +
        `(correlation ${correlation.toFixed(2)} over ${fit.spanS} s${refined ? "" : "; whole seconds only, the raw capture is gone"}): shift ${c.filename} ${formatOffset(shiftMs)}`,
    });
  }
}

/** How far from a rollout marker its metric step is looked for. */
const STEP_WINDOW_MS = 5 * 60_000;
const ROLLOUT_KINDS = ["rollout", "deploy"];
/** Series read per metric export (their ids count from 0 in file order): the rollout windows of the first ones are plenty. */
const MAX_STEP_SERIES = 500;

async function markerStepProposals(incidentId: string, uploads: UploadRow[], proposals: TClockProposal[], skip: Skip): Promise<void> {
  const metrics = uploads.filter((u) => METRIC_KINDS.includes(u.kind));
  const markerUploads = uploads.filter((u) => MARKER_KINDS.includes(u.kind));
  if (!metrics.length || !markerUploads.length) return;
  const markers = await db.prisma.marker.findMany({
    where: { incidentId, uploadId: { in: markerUploads.map((u) => u.id) }, kind: { in: ROLLOUT_KINDS } },
    select: { ts: true, uploadId: true },
    orderBy: { ts: "asc" },
  });
  // The markers file with the most rollouts is the reference.
  const byUpload = new Map<string, number[]>();
  for (const m of markers) (byUpload.get(m.uploadId!) ?? byUpload.set(m.uploadId!, []).get(m.uploadId!)!).push(m.ts.getTime());
  const [refId, times] = [...byUpload].sort((a, b) => b[1].length - a[1].length)[0] ?? [null, []];
  const reference = markerUploads.find((u) => u.id === refId);
  for (const m of metrics) {
    if (!reference || times.length < 2) {
      skip(m, "fewer than two rollout markers from a file to compare its steps with");
      continue;
    }
    const best = await bestStep(m.id, times);
    if (!best) {
      skip(m, `no series steps at one lag after two or more of the ${times.length} rollouts in ${reference.filename}`);
      continue;
    }
    const { fit, series } = best;
    if (Math.abs(fit.lagMs) < Math.max(fit.intervalMs, IN_STEP_MS)) {
      skip(m, `in step with the rollouts of ${reference.filename}: ${series} steps within one sample (${formatOffset(fit.intervalMs).replace(/^[+−]/, "")}) of ${fit.matched} of them`);
      continue;
    }
    const shiftMs = -Math.round(fit.lagMs);
    const after = fit.lagMs > 0 ? "after" : "before";
    proposals.push({
      uploadId: m.id,
      filename: m.filename,
      currentOffsetMs: m.clockOffsetMs,
      proposedOffsetMs: m.clockOffsetMs + shiftMs,
      shiftMs,
      score: Math.round((fit.matched / fit.markers) * Math.max(0, 1 - fit.spreadMs / STEP_WINDOW_MS) * 100) / 100,
      method: "marker-step",
      against: { uploadId: reference.id, filename: reference.filename },
      explanation:
        `${series} steps ${formatOffset(Math.abs(fit.lagMs)).replace(/^[+−]/, "")} ${after} ${fit.matched} of the ${fit.markers} rollouts in ${reference.filename} ` +
        `(within ${formatOffset(fit.spreadMs).replace(/^[+−]/, "") || "0 s"} of each other, samples every ${formatOffset(fit.intervalMs).replace(/^[+−]/, "")}): ` +
        `if ${m.filename}'s clock is off, shift it ${formatOffset(shiftMs)}; if the rollouts take that long to show, keep it`,
    });
  }
}

/** The series whose steps follow the most markers at the most consistent lag (ties: the steadier lag). */
async function bestStep(uploadId: string, markers: number[]): Promise<{ fit: StepFit; series: string } | null> {
  const rows = await evidenceQuery<{ series_id: number; ts: string; value: number }>([uploadId], [markers, STEP_WINDOW_MS, MAX_STEP_SERIES], (source) =>
    `SELECT series_id, ts, value FROM ${source("metric_points", "series_id, ts, value", `series_id < $3 AND EXISTS (SELECT 1 FROM unnest($1::bigint[]) m WHERE ts BETWEEN m - $2 AND m + $2)`)} p ORDER BY series_id, ts`,
  );
  const points = new Map<number, TPoint[]>();
  for (const r of rows) (points.get(r.series_id) ?? points.set(r.series_id, []).get(r.series_id)!).push([Number(r.ts), r.value]);
  let best: { fit: StepFit; id: number } | null = null;
  for (const [id, list] of points) {
    const fit = stepLag(markers, list, STEP_WINDOW_MS);
    if (!fit || fit.spreadMs > Math.max(2 * fit.intervalMs, 5000)) continue;
    if (!best || fit.matched > best.fit.matched || (fit.matched === best.fit.matched && fit.spreadMs < best.fit.spreadMs)) best = { fit, id };
  }
  if (!best) return null;
  const [named] = await evidenceQuery<{ name: string; labels: Record<string, string> }>([uploadId], [best.id], (source) =>
    `SELECT name, labels FROM ${source("metric_series", "series_id, name, labels", "series_id = $1")} s`,
  );
  const labels = Object.entries(named?.labels ?? {}).map(([k, v]) => `${k}="${v}"`).join(",");
  return { fit: best.fit, series: `${named?.name ?? `series ${best.id}`}${labels ? `{${labels}}` : ""}` };
}
