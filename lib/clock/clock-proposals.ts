// Proposed clock offsets where two sources saw the same events: the connection attempts (SYNs) a
// flow log recorded and the same SYNs in a packet capture. Their per-second counts are
// cross-correlated over ±10 min, then the capture's exact SYN times refine the lag to ~10 ms.
// The capture is the one to shift: flow logs are stamped by the cloud provider's clocks, a
// capture by whatever node it ran on. Rollout markers against metric steps are not proposed.
import "server-only";
import { existsSync } from "node:fs";
import { db } from "@/lib/db";
import { blobPath } from "@/lib/evidence/blob-store";
import { CAPTURE_KINDS, FLOW_KINDS } from "@/lib/evidence/families";
import { flagClassCode } from "@/lib/flows/codes";
import { familyFormat } from "@/lib/ingest/formats";
import { formatOffset, type TClockProposal, type TClockProposals } from "@/lib/schemas/clock";
import { evidenceQuery, type TEvidenceSource } from "@/lib/series/series";
import { captureSynTimes } from "./capture-syn-times";
import { bestLag, refineShift, type SecondCounts } from "./correlate";

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

/** Proposals for every ready capture of the incident against its ready flow logs. */
export async function clockProposals(incidentId: string): Promise<TClockProposals> {
  const uploads: UploadRow[] = await db.prisma.upload.findMany({
    where: { incidentId, status: "ready", kind: { in: [...FLOW_KINDS, ...CAPTURE_KINDS] } },
    select: { id: true, filename: true, kind: true, sha256: true, clockOffsetMs: true, timeZone: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const flows = uploads.filter((u) => FLOW_KINDS.includes(u.kind));
  const captures = uploads.filter((u) => CAPTURE_KINDS.includes(u.kind));
  const proposals: TClockProposal[] = [];
  const skipped: TClockProposals["skipped"] = [];
  const skip = (u: UploadRow, reason: string) => skipped.push({ uploadId: u.id, filename: u.filename, reason });
  if (!captures.length) return { proposals, skipped };
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
  return { proposals, skipped };
}
