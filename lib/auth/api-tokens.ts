// Credentials for automations (a ticket system pushing captures, a script reading series):
// `Authorization: Bearer hs_…`. Scopes: `read` (every incident, read-only) and `uploads:write`
// (ticket uploads, optionally only for ticket keys with a prefix). Shown once, stored hashed,
// listed with their last use, revocable.
import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { hashToken } from "./sessions";

export const TOKEN_SCOPES = ["read", "uploads:write"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
export const TOKEN_PREFIX = "hs_";
/** last_used_at is refreshed at most this often. */
const USED_EVERY_MS = 60_000;

export interface TokenIdentity {
  tokenId: string;
  name: string;
  scopes: TokenScope[];
  ticketPrefix: string | null;
}

export async function createApiToken(input: { name: string; scopes: TokenScope[]; ticketPrefix?: string | null }, createdBy: string | null) {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const row = await db.prisma.apiToken.create({
    data: { name: input.name, tokenHash: hashToken(token), scopes: input.scopes, ticketPrefix: input.ticketPrefix ?? null, createdBy },
  });
  return { token, ...toListed(row) };
}

export async function tokenOf(token: string): Promise<TokenIdentity | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db.prisma.apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > USED_EVERY_MS) {
    await db.prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { tokenId: row.id, name: row.name, scopes: row.scopes.filter((s): s is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(s)), ticketPrefix: row.ticketPrefix };
}

type Row = { id: string; name: string; scopes: string[]; ticketPrefix: string | null; createdBy: string | null; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };
const toListed = (t: Row) => ({
  id: t.id,
  name: t.name,
  scopes: t.scopes,
  ticketPrefix: t.ticketPrefix,
  createdBy: t.createdBy,
  createdAt: t.createdAt.getTime(),
  lastUsedAt: t.lastUsedAt?.getTime() ?? null,
  revokedAt: t.revokedAt?.getTime() ?? null,
});

export async function listApiTokens() {
  return (await db.prisma.apiToken.findMany({ orderBy: { createdAt: "desc" }, take: 1000 })).map(toListed);
}

export async function revokeApiToken(id: string): Promise<boolean> {
  const { count } = await db.prisma.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  return count > 0;
}
