// What a page on another site could make a browser do to a Hindsight on this machine.
// - Cross-site request forgery: send a form or a fetch; a `text/plain` form body that happens to
//   be JSON creates incidents or rolls the postmortem back. Browsers say where a request comes
//   from, so writes from elsewhere are refused; clients that are not browsers (curl, the ticket
//   system) send no Origin and pass.
// - DNS rebinding: make its own name resolve to 127.0.0.1, then read and write as the same
//   origin. With no sign-in, only requests addressed to a loopback name (or to
//   HINDSIGHT_PUBLIC_URL's host) are answered.
import type { NextRequest } from "next/server";
import { isLoopbackHost } from "@/lib/loopback";
import { ApiError } from "./errors";
import { publicOrigin } from "./public-origin";

/** http://0.0.0.0:3000 reaches a loopback server too; no other site can send that Host as its own. */
const UNSPECIFIED = /^(0\.0\.0\.0|\[::\])(:\d+)?$/;

/** Methods that change nothing: never refused for their origin, never audited. */
export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const hostOf = (origin: string) => {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null;
  }
};

/** The refusal for a write sent by a browser from another origin, or null. */
export function crossOriginRefusal(req: Pick<NextRequest, "method" | "headers" | "nextUrl">): ApiError | null {
  if (SAFE_METHODS.has(req.method)) return null;
  const origin = req.headers.get("origin");
  const site = req.headers.get("sec-fetch-site");
  if (origin === null) {
    if (site !== "cross-site" && site !== "same-site") return null;
  } else {
    const ours = [req.headers.get("host"), hostOf(publicOrigin(req))].map((h) => h?.toLowerCase());
    const from = hostOf(origin);
    if (from && ours.includes(from)) return null;
  }
  return new ApiError("cross_origin", `Writes are accepted only from Hindsight's own pages; this one came from ${origin ?? `a ${site} page`}.`, { origin, site });
}

/** The refusal for a request addressed to a host name that is not this machine's, or null. */
export function foreignHostRefusal(req: Pick<NextRequest, "headers">): ApiError | null {
  const host = req.headers.get("host");
  if (host === null || isLoopbackHost(host) || UNSPECIFIED.test(host)) return null; // no Host: an in-process call
  const configured = process.env.HINDSIGHT_PUBLIC_URL;
  if (configured && new URL(configured).host.toLowerCase() === host.toLowerCase()) return null;
  const message = `Hindsight answers only on this machine's loopback names (localhost, 127.0.0.1), not ${host}; to serve it under another name, set HINDSIGHT_PUBLIC_URL.`;
  return new ApiError("host_not_allowed", message, { host });
}
