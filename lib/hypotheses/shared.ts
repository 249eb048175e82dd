// Pieces shared by the hypothesis and annotation modules: row mapping, row locks and versions.
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { THypothesis } from "@/lib/schemas/hypothesis";

export type Tx = Prisma.TransactionClient;

export const withHistory = { events: { orderBy: { at: "asc" } } } as const satisfies Prisma.HypothesisInclude;
type Row = Prisma.HypothesisGetPayload<{ include: typeof withHistory }>;

export const ORDER: Prisma.HypothesisOrderByWithRelationInput[] = [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }];

export const toHypothesis = (h: Row): THypothesis => ({
  id: h.id,
  incidentId: h.incidentId,
  title: h.title,
  description: h.description,
  status: h.status,
  position: h.position,
  author: h.author,
  createdAt: h.createdAt.getTime(),
  updatedAt: h.updatedAt.getTime(),
  history: h.events.map((e) => ({ status: e.status, reason: e.reason, author: e.author, at: e.at.getTime() })),
});

/**
 * The next version of a row: now, but always later than the previous one, so that two writes
 * in the same millisecond never share an `updatedAt` (clients compare it for conflicts).
 */
export const nextVersion = (previous: Date) => new Date(Math.max(Date.now(), previous.getTime() + 1));

/** Runs `fn` in a transaction; the row locks taken inside serialize concurrent writers. */
export const transaction = <T>(fn: (tx: Tx) => Promise<T>) => db.prisma.$transaction(fn, { maxWait: 10_000, timeout: 20_000 });

export async function lockHypothesis(tx: Tx, id: string, mode: "UPDATE" | "SHARE" = "UPDATE") {
  if (mode === "UPDATE") await tx.$queryRaw`SELECT id FROM hypotheses WHERE id = ${id}::uuid FOR UPDATE`;
  else await tx.$queryRaw`SELECT id FROM hypotheses WHERE id = ${id}::uuid FOR SHARE`;
}

/** Locks every live hypothesis of an incident, always in id order so that lockers never deadlock. */
export async function lockIncidentHypotheses(tx: Tx, incidentId: string) {
  await tx.$queryRaw`SELECT id FROM hypotheses WHERE incident_id = ${incidentId}::uuid AND deleted_at IS NULL ORDER BY id FOR UPDATE`;
}
