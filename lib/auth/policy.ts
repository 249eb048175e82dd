// What each identity may call: the one table the handler wrapper consults for every API request.
import { ApiError } from "@/lib/api/errors";
import type { Identity } from "./identity";

/** Open to anyone: signing in and out, and asking who you are. */
const OPEN = /^\/api\/auth\//;
/** Where the ticket system's secret is enough: its uploads, and looking an incident up by ticket. */
const TICKET_CALLS: Array<{ method: string; path: RegExp }> = [
  { method: "POST", path: /^\/api\/tickets\/[^/]+\/uploads$/ },
  { method: "GET", path: /^\/api\/incidents$/ },
];
const ADMIN = /^\/api\/admin\//;

/** The refusal for this identity calling `method path`, or null when it may. */
export function accessRefusal(identity: Identity, method: string, path: string): ApiError | null {
  if (identity.kind === "local" || OPEN.test(path)) return null;
  if (identity.kind === "ticket-secret" && TICKET_CALLS.some((c) => c.method === method && c.path.test(path))) return null;
  if (identity.kind !== "user") return new ApiError("unauthorized", "Sign in first: this Hindsight needs a session (or, for ticket uploads, the ticket secret).");
  if (ADMIN.test(path) && identity.user.role !== "admin") return new ApiError("forbidden", "Only an administrator may do this.");
  return null;
}
