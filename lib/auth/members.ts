// Who has which role on an incident. An incident always keeps an owner (administrators manage
// every incident anyway).
import "server-only";
import { ApiError, notFound } from "@/lib/api/errors";
import { db } from "@/lib/db";
import { normalizeEmail } from "./users";

type Role = "owner" | "editor" | "viewer";
type Tx = Parameters<Parameters<typeof db.prisma.$transaction>[0]>[0];

async function keepAnOwner(tx: Tx, incidentId: string) {
  if ((await tx.incidentMember.count({ where: { incidentId, role: "owner" } })) === 0) {
    throw new ApiError("conflict", "An incident keeps at least one owner; make someone else owner first.");
  }
}

export async function incidentAccessList(incidentId: string) {
  const incident = await db.prisma.incident.findUnique({
    where: { id: incidentId },
    select: { visibility: true, members: { include: { user: { select: { email: true, name: true } } }, orderBy: { createdAt: "asc" } } },
  });
  if (!incident) throw notFound("Incident", incidentId);
  return {
    visibility: incident.visibility,
    members: incident.members.map((m) => ({ userId: m.userId, email: m.user.email, name: m.user.name, role: m.role, since: m.createdAt.getTime() })),
  };
}

export async function setMember(incidentId: string, email: string, role: Role) {
  const user = await db.prisma.user.findUnique({ where: { email: normalizeEmail(email) } });
  if (!user) throw notFound("User with email", email);
  await db.prisma.$transaction(async (tx) => {
    const before = await tx.incidentMember.findUnique({ where: { incidentId_userId: { incidentId, userId: user.id } } });
    await tx.incidentMember.upsert({ where: { incidentId_userId: { incidentId, userId: user.id } }, create: { incidentId, userId: user.id, role }, update: { role } });
    if (before?.role === "owner" && role !== "owner") await keepAnOwner(tx, incidentId);
  });
  return incidentAccessList(incidentId);
}

export async function removeMember(incidentId: string, userId: string) {
  await db.prisma.$transaction(async (tx) => {
    const member = await tx.incidentMember.findUnique({ where: { incidentId_userId: { incidentId, userId } } });
    if (!member) throw notFound("Member", userId);
    await tx.incidentMember.delete({ where: { incidentId_userId: { incidentId, userId } } });
    if (member.role === "owner") await keepAnOwner(tx, incidentId);
  });
  return incidentAccessList(incidentId);
}
