// The people who sign in. An email names one person: a first administrator created by the
// one-time step (`npm run admin`) is the same user when they later sign in through the provider.
import "server-only";
import { db } from "@/lib/db";
import { hashPassword, verifyPassword } from "./passwords";
import type { SessionUser } from "./sessions";

const pick = (u: { id: string; email: string; name: string; role: "admin" | "member" }): SessionUser => ({ id: u.id, email: u.email, name: u.name, role: u.role });

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Creates a user, or updates the one with that email (role, name, and password when given). */
export async function saveUser(input: { email: string; name: string; role: "admin" | "member"; password?: string }): Promise<SessionUser> {
  const email = normalizeEmail(input.email);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  const user = await db.prisma.user.upsert({
    where: { email },
    create: { email, name: input.name, role: input.role, passwordHash: passwordHash ?? null },
    update: { name: input.name, role: input.role, ...(passwordHash ? { passwordHash } : {}) },
  });
  return pick(user);
}

/** The user for an email and password, or null (unknown email and wrong password look alike). */
export async function passwordUser(email: string, password: string): Promise<SessionUser | null> {
  const user = await db.prisma.user.findUnique({ where: { email: normalizeEmail(email) } });
  const ok = await verifyPassword(password, user?.passwordHash ?? null);
  return ok && user ? pick(user) : null;
}

/**
 * The user an identity provider vouched for: by issuer and subject; else, when the provider says
 * the email is verified, the user with that email (linked from then on); else a new member.
 */
export async function providerUser(claims: { issuer: string; subject: string; email?: string; emailVerified?: boolean; name?: string }): Promise<SessionUser | null> {
  const linked = await db.prisma.user.findUnique({ where: { oidcIssuer_oidcSubject: { oidcIssuer: claims.issuer, oidcSubject: claims.subject } } });
  if (linked) return pick(linked);
  if (!claims.email) return null;
  const email = normalizeEmail(claims.email);
  const existing = await db.prisma.user.findUnique({ where: { email } });
  if (existing) {
    if (!claims.emailVerified || existing.oidcSubject) return null;
    // An account made by the one-time step is named by its email until the provider names it.
    const name = existing.name === existing.email && claims.name?.trim() ? claims.name.trim().slice(0, 80) : existing.name;
    return pick(await db.prisma.user.update({ where: { id: existing.id }, data: { oidcIssuer: claims.issuer, oidcSubject: claims.subject, name } }));
  }
  const name = claims.name?.trim().slice(0, 80) || email;
  return pick(await db.prisma.user.create({ data: { email, name, role: "member", oidcIssuer: claims.issuer, oidcSubject: claims.subject } }));
}

export async function listUsers() {
  const users = await db.prisma.user.findMany({ orderBy: { email: "asc" }, take: 1000 });
  return users.map((u) => ({ ...pick(u), password: u.passwordHash !== null, provider: u.oidcSubject !== null, createdAt: u.createdAt.getTime() }));
}
