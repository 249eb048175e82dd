// Browser sessions: a random token in an HttpOnly, SameSite=Lax cookie; the database keeps only
// its SHA-256, so a leaked table opens no session. Sessions expire, and can be revoked.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";

export const SESSION_COOKIE = "hindsight_session";
/** last_seen_at is refreshed at most this often, not on every request. */
const SEEN_EVERY_MS = 60_000;

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: "admin" | "member";
}

export async function startSession(userId: string, lifetimeMs: number, meta: { ip?: string | null; userAgent?: string | null }) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + lifetimeMs);
  const session = await db.prisma.session.create({
    data: { tokenHash: hashToken(token), userId, expiresAt, ip: meta.ip?.slice(0, 100) ?? null, userAgent: meta.userAgent?.slice(0, 500) ?? null },
  });
  return { token, expiresAt, sessionId: session.id };
}

/** The user a session token belongs to, or null when it is unknown, expired or revoked. */
export async function sessionOf(token: string): Promise<{ sessionId: string; user: SessionUser } | null> {
  const session = await db.prisma.session.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  const now = Date.now();
  if (!session || session.revokedAt || session.expiresAt.getTime() <= now) return null;
  if (now - session.lastSeenAt.getTime() > SEEN_EVERY_MS) {
    await db.prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } });
  }
  const { id, email, name, role } = session.user;
  return { sessionId: session.id, user: { id, email, name, role } };
}

export async function revokeSession(sessionId: string): Promise<boolean> {
  const { count } = await db.prisma.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count > 0;
}

export async function listSessions() {
  const rows = await db.prisma.session.findMany({
    where: { revokedAt: null, expiresAt: { gt: new Date() } },
    include: { user: { select: { email: true, name: true } } },
    orderBy: { lastSeenAt: "desc" },
    take: 1000,
  });
  return rows.map((s) => ({ id: s.id, user: s.user, createdAt: s.createdAt.getTime(), expiresAt: s.expiresAt.getTime(), lastSeenAt: s.lastSeenAt.getTime(), ip: s.ip, userAgent: s.userAgent }));
}
