// A `fetch` for code that talks HTTP to Hindsight (scripts/demo-loader.ts): each request goes to
// the App Router handler of its path, in-process, the way Next would route it.
import { NextRequest } from "next/server";
import * as annotation from "@/app/api/incidents/[id]/annotations/[aid]/route";
import * as annotations from "@/app/api/incidents/[id]/annotations/route";
import * as hypothesis from "@/app/api/incidents/[id]/hypotheses/[hid]/route";
import * as hypotheses from "@/app/api/incidents/[id]/hypotheses/route";
import * as findings from "@/app/api/incidents/[id]/findings/route";
import * as metrics from "@/app/api/incidents/[id]/metrics/route";
import * as postmortem from "@/app/api/incidents/[id]/postmortem/route";
import * as incident from "@/app/api/incidents/[id]/route";
import * as uploads from "@/app/api/incidents/[id]/uploads/route";
import * as incidents from "@/app/api/incidents/route";
import * as permalink from "@/app/api/permalinks/[slug]/route";
import * as permalinks from "@/app/api/permalinks/route";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>>;

const ROUTES: Array<[string, RouteModule]> = [
  ["/api/incidents", incidents],
  ["/api/incidents/:id", incident],
  ["/api/incidents/:id/uploads", uploads],
  ["/api/incidents/:id/metrics", metrics],
  ["/api/incidents/:id/findings", findings],
  ["/api/incidents/:id/hypotheses", hypotheses],
  ["/api/incidents/:id/hypotheses/:hid", hypothesis],
  ["/api/incidents/:id/annotations", annotations],
  ["/api/incidents/:id/annotations/:aid", annotation],
  ["/api/incidents/:id/postmortem", postmortem],
  ["/api/permalinks", permalinks],
  ["/api/permalinks/:slug", permalink],
];

function match(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = pathname.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(got[i]!);
    else if (part !== got[i]) return null;
  }
  return params;
}

/** Every request made, as `METHOD /path`, for assertions on what a client did. */
export type TRouteFetch = ((url: string, init: RequestInit) => Promise<Response>) & { calls: string[] };

export function routeFetch(): TRouteFetch {
  const calls: string[] = [];
  const send = async (url: string, init: RequestInit) => {
    const req = new NextRequest(url, init as ConstructorParameters<typeof NextRequest>[1]);
    calls.push(`${req.method} ${req.nextUrl.pathname}`);
    for (const [pattern, mod] of ROUTES) {
      const params = match(pattern, req.nextUrl.pathname);
      if (!params) continue;
      const handler = mod[req.method as keyof RouteModule];
      if (!handler) return Response.json({ error: { code: "method_not_allowed", message: req.method } }, { status: 405 });
      return handler(req, { params: Promise.resolve(params) });
    }
    return Response.json({ error: { code: "not_found", message: `no route for ${req.nextUrl.pathname}` } }, { status: 404 });
  };
  return Object.assign(send, { calls });
}
