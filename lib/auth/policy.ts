// What each identity may call: the one table the handler wrapper consults for every API request,
// in both modes. Local mode allows everything; sign-in mode needs an identity, and for an
// incident's routes the level its role gives (lib/auth/access.ts).
import "server-only";
import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";
import { atLeast, incidentAccess, type Level } from "./access";
import type { Identity } from "./identity";

type IncidentRef = { path: string } | { upload: string } | { permalink: string } | { body: "incidentId" };

export type Need =
  | { kind: "open" }
  | { kind: "member" }
  | { kind: "admin" }
  | { kind: "incident-list" }
  | { kind: "ticket-upload"; key: string }
  | { kind: "incident"; level: Level; ref: IncidentRef; manageIfBody?: string[] };

const ID = "([0-9a-fA-F-]{36})";
const READ_OR_WRITE = (method: string): Level => (method === "GET" || method === "HEAD" ? "read" : "write");

/** The requirement of `method path`, or null for a path no rule covers (refused in sign-in mode). */
export function requirement(method: string, path: string): Need | null {
  let m: RegExpMatchArray | null;
  if (/^\/api\/auth\//.test(path) || /^\/s\/[^/]+$/.test(path)) return { kind: "open" };
  if (/^\/api\/(admin|tokens)(\/|$)/.test(path)) return { kind: "admin" };
  if (path === "/api/incidents") return method === "GET" ? { kind: "incident-list" } : { kind: "member" };
  if ((m = path.match(new RegExp(`^/api/incidents/${ID}$`)))) {
    if (method === "DELETE") return { kind: "incident", level: "manage", ref: { path: m[1]! } };
    // Who sees the incident and which ticket key feeds it are the owner's to change.
    return { kind: "incident", level: READ_OR_WRITE(method), ref: { path: m[1]! }, manageIfBody: ["ticket", "visibility"] };
  }
  if ((m = path.match(new RegExp(`^/api/incidents/${ID}/(access|share-links|audit)(/|$)`)))) return { kind: "incident", level: "manage", ref: { path: m[1]! } };
  if ((m = path.match(new RegExp(`^/api/incidents/${ID}/.+`)))) return { kind: "incident", level: READ_OR_WRITE(method), ref: { path: m[1]! } };
  if ((m = path.match(new RegExp(`^/api/uploads/${ID}$`)))) return { kind: "incident", level: READ_OR_WRITE(method), ref: { upload: m[1]! } };
  // A permalink stores a view someone is looking at: reading is enough to make one.
  if (path === "/api/permalinks") return { kind: "incident", level: "read", ref: { body: "incidentId" } };
  if ((m = path.match(/^\/api\/permalinks\/([^/]+)$/))) return { kind: "incident", level: "read", ref: { permalink: m[1]! } };
  if ((m = path.match(/^\/api\/tickets\/([^/]+)\/uploads$/))) return { kind: "ticket-upload", key: decodeURIComponent(m[1]!) };
  // Any other API path answers 404, to signed-in members only: it tells nobody else what exists.
  if (path.startsWith("/api/")) return { kind: "member" };
  return null;
}

type Request = { method: string; path: string; search: URLSearchParams; body: () => Promise<Record<string, unknown> | null> };

async function incidentOf(ref: IncidentRef, req: Request): Promise<string | null> {
  if ("path" in ref) return ref.path;
  if ("upload" in ref) return (await db.prisma.upload.findUnique({ where: { id: ref.upload }, select: { incidentId: true } }))?.incidentId ?? null;
  if ("permalink" in ref) return (await db.prisma.permalink.findUnique({ where: { slug: ref.permalink }, select: { incidentId: true } }).catch(() => null))?.incidentId ?? null;
  const id = (await req.body())?.[ref.body];
  return typeof id === "string" && /^[0-9a-fA-F-]{36}$/.test(id) ? id : null;
}

const forbidden = (message: string) => new ApiError("forbidden", message);
const LEVEL_WORDS: Record<Level, string> = { none: "no access", read: "read", write: "edit", manage: "manage" };

export interface Decision {
  refusal: ApiError | null;
  /** The incident the call is about, when there is one (for the audit log). */
  incidentId: string | null;
  /** The owner-only fields a call changes (a ticket key, the visibility), for the audit log. */
  detail?: Record<string, unknown>;
}

/** May `identity` make this request? */
export async function decide(identity: Identity, req: Request): Promise<Decision> {
  const need = requirement(req.method, req.path);
  if (need?.kind === "open") return { refusal: null, incidentId: null };
  if (identity.kind === "local") return { refusal: null, incidentId: need?.kind === "incident" && "path" in need.ref ? need.ref.path : null };
  if (identity.kind === "anonymous") return { refusal: new ApiError("unauthorized", "Sign in first: this Hindsight needs a session, an API token, or a share link."), incidentId: null };
  if (!need) return { refusal: forbidden(`No access rule covers ${req.method} ${req.path}.`), incidentId: null };
  const isUser = identity.kind === "user";
  switch (need.kind) {
    case "admin":
      return { refusal: isUser && identity.user.role === "admin" ? null : forbidden("Only an administrator may do this."), incidentId: null };
    case "member":
      return { refusal: isUser ? null : forbidden("Only a signed-in member may do this."), incidentId: null };
    case "incident-list": {
      const byTicket = req.search.has("ticket");
      const ok = isUser || (identity.kind === "token" && (identity.scopes.includes("read") || (byTicket && identity.scopes.includes("uploads:write")))) || (identity.kind === "ticket-secret" && byTicket);
      return { refusal: ok ? null : forbidden("This credential may not list incidents."), incidentId: null };
    }
    case "ticket-upload": {
      const tokenOk = identity.kind === "token" && identity.scopes.includes("uploads:write") && (!identity.ticketPrefix || need.key.startsWith(identity.ticketPrefix));
      const ok = isUser || identity.kind === "ticket-secret" || tokenOk;
      return { refusal: ok ? null : forbidden(identity.kind === "token" && identity.scopes.includes("uploads:write") ? `This token uploads only to tickets starting with ${identity.ticketPrefix}.` : "This credential may not upload to tickets."), incidentId: null };
    }
    case "incident": {
      const incidentId = await incidentOf(need.ref, req);
      if (!incidentId) return { refusal: null, incidentId: null }; // nothing there: the handler answers 404
      let level = need.level;
      const body = need.manageIfBody && req.method !== "GET" ? await req.body() : null;
      const current = body ? ((await db.prisma.incident.findUnique({ where: { id: incidentId }, select: { ticket: true, visibility: true } })) as Record<string, unknown> | null) : null;
      // Sending the fields unchanged (a client that PATCHes the whole object) is no change.
      const changed = body && current ? Object.fromEntries(need.manageIfBody!.filter((k) => k in body && body[k] !== current[k]).map((k) => [k, body[k]])) : {};
      const detail = Object.keys(changed).length ? changed : undefined;
      if (detail) level = "manage";
      const have = await incidentAccess(identity, incidentId);
      if (have === null || atLeast(have, level)) return { refusal: null, incidentId, detail };
      if (identity.kind === "share") return { refusal: forbidden("A share link is read-only."), incidentId, detail };
      if (have === "none") return { refusal: forbidden("This incident is restricted to the people invited to it."), incidentId, detail };
      return { refusal: forbidden(`You may ${LEVEL_WORDS[have]} this incident; this needs the right to ${LEVEL_WORDS[level]} it (ask its owner).`), incidentId, detail };
    }
  }
}
