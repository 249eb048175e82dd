// The one wrapper every route handler goes through: it refuses requests for other host names and
// writes from other origins, identifies the caller and checks the access policy, resolves params,
// and maps validation, domain and known Prisma errors (unique violations, missing rows) to 4xx
// JSON answers. Anything unexpected is logged and becomes a plain 500 without a stack trace.
import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { z, ZodError } from "zod";
import { ApiError, ERROR_CODES, type ErrorCode, type TErrorBody } from "@/lib/api/errors";
import { auditedIncident, inRequestScope } from "@/lib/request-scope";
import { fromPrismaError } from "@/lib/api/prisma-errors";
import { crossOriginRefusal, foreignHostRefusal, SAFE_METHODS } from "@/lib/api/request-origin";
import { identify, type Identity } from "@/lib/auth/identity";
import { recordAudit } from "@/lib/auth/audit";
import { decide } from "@/lib/auth/policy";
import { INCIDENT_TOPICS, publishIncidentEvent, type TIncidentTopic } from "@/lib/events/incident-events";
import { clientMeta } from "@/lib/auth/sign-in";

type RouteContext = { params: Promise<Record<string, string | string[]>> };
type Handler<P> = (req: NextRequest, ctx: { params: P; identity: Identity }) => Promise<Response | unknown>;

export function errorResponse(code: ErrorCode, message: string, details?: unknown) {
  const body: TErrorBody = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  return NextResponse.json(body, { status: ERROR_CODES[code] });
}

/** A custom issue's `params` (e.g. the known names of a refused one) ride along with its message. */
function zodDetails(error: ZodError) {
  return error.issues.map((i) => ({ path: i.path.join("."), message: i.message, ...(i.code === "custom" ? i.params : undefined) }));
}

/** "The request is invalid: timeZone "Mars/Base" is not an IANA time zone …": the first issues, each once named by its field. */
function invalidMessage(error: ZodError): string {
  const named = error.issues.slice(0, 3).map((i) => {
    const field = i.path.join(".");
    return field && !i.message.startsWith(field) ? `${field}: ${i.message}` : i.message;
  });
  const more = error.issues.length > named.length ? ` (and ${error.issues.length - named.length} more)` : "";
  return `The request is invalid: ${named.join("; ")}${more}.`;
}

export function toErrorResponse(error: unknown): Response {
  if (error instanceof ApiError) return errorResponse(error.code, error.message, error.details);
  if (error instanceof ZodError) return errorResponse("validation_failed", invalidMessage(error), zodDetails(error));
  const mapped = fromPrismaError(error);
  if (mapped) return errorResponse(mapped.code, mapped.message, mapped.details);
  if ((error as { code?: unknown })?.code === "57014") {
    return errorResponse("query_timeout", "The query ran past its time limit and was stopped; try a shorter range or a narrower filter.");
  }
  console.error("[api] unexpected error:", error);
  return errorResponse("internal", "Something went wrong on our side; the error was logged.");
}

/**
 * Wraps a route handler. Plain values are sent as JSON (200); handlers return a Response for
 * other statuses. `paramsSchema` validates the dynamic segments.
 */
export function route<P = Record<string, never>>(handler: Handler<P>, paramsSchema?: z.ZodType<P>) {
  return async (req: NextRequest, ctx: RouteContext): Promise<Response> => {
    let identity: Identity | null = null;
    let decision: Awaited<ReturnType<typeof decide>> | null = null;
    let res: Response;
    let named: string | undefined;
    try {
      const refusal = foreignHostRefusal(req) ?? crossOriginRefusal(req);
      if (refusal) throw refusal;
      identity = await identify(req);
      decision = await decide(identity, { method: req.method, path: req.nextUrl.pathname, search: req.nextUrl.searchParams, body: jsonPeek(req) });
      if (decision.refusal) throw decision.refusal;
      const raw = ctx?.params ? await ctx.params : {};
      let params = raw as P;
      if (paramsSchema) {
        const parsed = paramsSchema.safeParse(raw);
        // A path that names no valid resource is "not found", whatever is wrong with it.
        if (!parsed.success) throw new ApiError("not_found", `Nothing exists at ${req.nextUrl.pathname}.`);
        params = parsed.data;
      }
      const who = identity;
      const author = who.kind === "user" ? who.user.name : who.kind === "local" ? undefined : null;
      const result = await inRequestScope(
        req.signal,
        async () => {
          const answer = await handler(req, { params, identity: who });
          named = auditedIncident();
          return answer;
        },
        author,
      );
      res = result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      res = toErrorResponse(error);
    }
    if (identity && identity.kind !== "anonymous" && !SAFE_METHODS.has(req.method)) {
      await recordAudit({ identity, method: req.method, path: req.nextUrl.pathname, status: res.status, ip: clientMeta(req.headers).ip, incidentId: decision?.incidentId ?? named ?? null, detail: decision?.detail });
    }
    if (!SAFE_METHODS.has(req.method) && res.status < 400) await announceChange(req.nextUrl.pathname);
    return res;
  };
}

const INCIDENT_PATH = /^\/api\/incidents\/([0-9a-f-]{36})(?:\/([^/]+))?/i;

/**
 * Every successful write under /api/incidents/:id reaches the pages that have the incident open:
 * `/api/incidents/:id/markers/…` as "markers", the incident itself and its settings as "incident".
 */
async function announceChange(path: string) {
  const m = INCIDENT_PATH.exec(path);
  if (!m) return;
  const segment = (m[2] ?? "").replace(/\.md$/, "");
  const topic = (INCIDENT_TOPICS as readonly string[]).includes(segment) ? (segment as TIncidentTopic) : "incident";
  await publishIncidentEvent({ incidentId: m[1]!.toLowerCase(), topic });
}

/** The JSON body for a policy that depends on it, read from a clone so the handler still gets it. */
function jsonPeek(req: NextRequest): () => Promise<Record<string, unknown> | null> {
  let peeked: Promise<Record<string, unknown> | null> | null = null;
  return () => {
    // Whatever the content type says: readJson parses the body whatever it says, too.
    peeked ??= req.body
      ? req.clone().json().then((b) => (b && typeof b === "object" && !Array.isArray(b) ? b : null), () => null)
      : Promise.resolve(null);
    return peeked;
  };
}

/** Parses a JSON body with a schema; a body that is not JSON is a 400, not a 500. */
export async function readJson<T>(req: Request, schema: z.ZodType<T>): Promise<T> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new ApiError("invalid_json", "The request body is not valid JSON.");
  }
  return schema.parse(body);
}

export const ZIdParams = z.object({ id: z.uuid({ message: "not a valid id" }) });
