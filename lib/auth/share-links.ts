// Public read-only links to one view of an incident, for people without an account (a vendor, an
// executive): an unguessable token, optional expiry, revocable. Opening one sets an HttpOnly
// cookie that lets that browser read that incident, and nothing else; every write is refused.
import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { hashToken } from "./sessions";

export const SHARE_COOKIE = "hindsight_share";

export async function createShareLink(incidentId: string, input: { query: string; expiresAt: number | null }, createdBy: string | null) {
  const token = randomBytes(24).toString("base64url");
  const row = await db.prisma.shareLink.create({
    data: { incidentId, tokenHash: hashToken(token), query: input.query, createdBy, expiresAt: input.expiresAt ? new Date(input.expiresAt) : null },
  });
  return { token, ...toListed(row) };
}

/** The live link a token opens, or null when it is unknown, expired or revoked. */
export async function shareLinkOf(token: string): Promise<{ id: string; incidentId: string; query: string } | null> {
  const row = await db.prisma.shareLink.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return null;
  return { id: row.id, incidentId: row.incidentId, query: row.query };
}

type Row = { id: string; incidentId: string; query: string; createdBy: string | null; createdAt: Date; expiresAt: Date | null; revokedAt: Date | null };
const toListed = (l: Row) => ({
  id: l.id,
  incidentId: l.incidentId,
  query: l.query,
  createdBy: l.createdBy,
  createdAt: l.createdAt.getTime(),
  expiresAt: l.expiresAt?.getTime() ?? null,
  revokedAt: l.revokedAt?.getTime() ?? null,
});

export async function listShareLinks(incidentId: string) {
  return (await db.prisma.shareLink.findMany({ where: { incidentId }, orderBy: { createdAt: "desc" }, take: 1000 })).map(toListed);
}

export async function revokeShareLink(incidentId: string, id: string): Promise<boolean> {
  const { count } = await db.prisma.shareLink.updateMany({ where: { id, incidentId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count > 0;
}
