// The audit log: every write, who made it (user, token, share link, ticket secret), when, from
// which address, what it asked for and how it was answered (refusals included). Owners read it
// per incident and export it.
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { actorName, type Identity } from "./identity";

export interface AuditInput {
  identity: Identity;
  method: string;
  path: string;
  status: number;
  ip: string | null;
  incidentId: string | null;
  detail?: Record<string, unknown>;
}

export async function recordAudit(entry: AuditInput): Promise<void> {
  const { actor, actorKind } = actorName(entry.identity);
  try {
    await db.prisma.auditEntry.create({
      data: { actor, actorKind, method: entry.method, path: entry.path.slice(0, 2000), status: entry.status, ip: entry.ip?.slice(0, 100) ?? null, incidentId: entry.incidentId, detail: entry.detail as Prisma.InputJsonObject | undefined },
    });
  } catch (error) {
    // The write itself has happened; a lost audit line is logged, not turned into a failure.
    console.error("[audit] could not record", entry.method, entry.path, (error as Error).message);
  }
}

export async function auditOf(incidentId: string, page: { limit: number; cursor?: string }) {
  const rows = await db.prisma.auditEntry.findMany({
    where: { incidentId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: page.limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
  });
  const entries = rows.slice(0, page.limit).map((r) => ({ id: r.id, at: r.at.getTime(), actor: r.actor, actorKind: r.actorKind, method: r.method, path: r.path, status: r.status, ip: r.ip, detail: r.detail }));
  return { entries, nextCursor: rows.length > page.limit ? entries[entries.length - 1]!.id : null };
}
