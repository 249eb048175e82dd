// What an identity may do with one incident. Levels, each including the ones before:
// read (see, zoom, make permalinks), write (upload, annotate, hypotheses, postmortem),
// manage (access, share links, the ticket, the audit log, delete).
import "server-only";
import { db } from "@/lib/db";
import type { Identity } from "./identity";

export const LEVELS = ["none", "read", "write", "manage"] as const;
export type Level = (typeof LEVELS)[number];
export const atLeast = (have: Level, need: Level) => LEVELS.indexOf(have) >= LEVELS.indexOf(need);

const ROLE_LEVEL = { viewer: "read", editor: "write", owner: "manage" } as const;

/** The identity's level on an incident; null when there is no such incident. */
export async function incidentAccess(identity: Identity, incidentId: string): Promise<Level | null> {
  switch (identity.kind) {
    case "local":
      return "manage";
    case "share":
      return identity.incidentId === incidentId ? "read" : "none";
    case "token":
      return identity.scopes.includes("read") ? "read" : "none";
    case "user": {
      if (identity.user.role === "admin") return "manage";
      const incident = await db.prisma.incident.findUnique({
        where: { id: incidentId },
        select: { visibility: true, members: { where: { userId: identity.user.id }, select: { role: true } } },
      });
      if (!incident) return null;
      const role = incident.members[0]?.role;
      if (role) return ROLE_LEVEL[role];
      return incident.visibility === "members" ? "write" : "none";
    }
    default:
      return "none";
  }
}

/** The incidents a user may see in lists: visible to all members, or where they have a role. */
export function visibleIncidentsWhere(identity: Identity) {
  if (identity.kind === "user" && identity.user.role !== "admin") {
    return { OR: [{ visibility: "members" as const }, { members: { some: { userId: identity.user.id } } }] };
  }
  if (identity.kind === "share") return { id: identity.incidentId };
  return {};
}
