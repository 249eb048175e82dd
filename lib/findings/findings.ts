// Stored findings: replacing an incident's findings with a run's results (keeping dismissals and
// acceptances by fingerprint), listing them, and dismiss / accept.
import "server-only";
import { notFound } from "@/lib/api/errors";
import { db, withTransaction } from "@/lib/db";
import type { DetectedFinding } from "@/lib/detectors/types";
import type { Finding, Prisma } from "@/lib/generated/prisma/client";
import type { TDetectorId, TFinding, TFindingEvidence } from "@/lib/schemas/finding";
import { toMs } from "@/lib/schemas/time";
import { fingerprint } from "./fingerprint";
import { pageOfList, type TPaging } from "@/lib/schemas/page";

export function toFinding(row: Finding): TFinding {
  return {
    id: row.id,
    detector: row.detector as TDetectorId,
    stance: row.stance === "against" ? "against" : "for",
    title: row.title,
    explanation: row.explanation,
    from: row.fromTs.getTime(),
    to: row.toTs.getTime(),
    severity: row.severity,
    confidence: row.confidence,
    evidence: row.evidence as unknown as TFindingEvidence,
    dismissedAt: toMs(row.dismissedAt),
    acceptedAt: toMs(row.acceptedAt),
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  };
}

/**
 * Makes the stored findings equal a run's results: new ones are created, known ones updated in
 * place (same id; dismissedAt/acceptedAt untouched), and ones the evidence no longer supports are
 * deleted — unless someone dismissed or accepted them, which is remembered for when they return.
 * Findings of `failed` detectors are left as they were (a failed run proves nothing).
 */
export async function saveFindings(incidentId: string, detected: DetectedFinding[], failed: string[] = []): Promise<void> {
  const byPrint = new Map<string, DetectedFinding>();
  for (const f of detected) {
    const key = fingerprint(f);
    const seen = byPrint.get(key);
    if (!seen || f.confidence > seen.confidence) byPrint.set(key, f);
  }
  await withTransaction(async (tx) => {
    for (const [key, f] of byPrint) {
      const data = {
        detector: f.detector, title: f.title, explanation: f.explanation, fromTs: new Date(f.from), toTs: new Date(f.to),
        severity: f.severity, confidence: Math.max(0, Math.min(1, f.confidence)), evidence: f.evidence as unknown as Prisma.InputJsonValue,
        stance: f.stance ?? "for",
      };
      await tx.finding.upsert({ where: { incidentId_fingerprint: { incidentId, fingerprint: key } }, create: { incidentId, fingerprint: key, ...data }, update: data });
    }
    await tx.finding.deleteMany({
      where: { incidentId, fingerprint: { notIn: [...byPrint.keys()] }, detector: { notIn: failed }, dismissedAt: null, acceptedAt: null },
    });
  });
}

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;

/** Most severe first, then most confident, then earliest. */
/** Ranked by severity, then confidence, then time; paged after ranking (detectors keep the list short). */
export async function listFindings(incidentId: string, { includeDismissed = false } = {}, page: TPaging = null) {
  const rows = await db.prisma.finding.findMany({ where: { incidentId, ...(includeDismissed ? {} : { dismissedAt: null }) } });
  const ranked = rows
    .map(toFinding)
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.confidence - a.confidence || a.from - b.from || a.id.localeCompare(b.id));
  const { items, nextCursor } = pageOfList(ranked, page);
  return { findings: items, nextCursor };
}

async function findingOf(incidentId: string, findingId: string): Promise<Finding> {
  const row = await db.prisma.finding.findFirst({ where: { id: findingId, incidentId } });
  if (!row) throw notFound("Finding", findingId);
  return row;
}

/** Hides a finding; it stays hidden when the detectors find it again. */
export async function dismissFinding(incidentId: string, findingId: string): Promise<TFinding> {
  const row = await findingOf(incidentId, findingId);
  if (row.dismissedAt) return toFinding(row);
  return toFinding(await db.prisma.finding.update({ where: { id: row.id }, data: { dismissedAt: new Date() } }));
}

/** Marks a finding accepted (and no longer dismissed). Turning it into an annotation is wired separately. */
export async function acceptFinding(incidentId: string, findingId: string): Promise<TFinding> {
  const row = await findingOf(incidentId, findingId);
  if (row.acceptedAt && !row.dismissedAt) return toFinding(row);
  return toFinding(await db.prisma.finding.update({ where: { id: row.id }, data: { acceptedAt: row.acceptedAt ?? new Date(), dismissedAt: null } }));
}
