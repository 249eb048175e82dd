// The origin users reach the app on, for links the server writes (permalinks, the postmortem
// export). A server bound to all interfaces would otherwise write http://0.0.0.0:3000/…
import type { NextRequest } from "next/server";

const HOST = /^[A-Za-z0-9.\-[\]:]+$/;
const UNSPECIFIED = /^(0\.0\.0\.0|\[::\])(?=:\d+$|$)/;

const first = (value: string | null) => value?.split(",")[0]!.trim() || null;

/** HINDSIGHT_PUBLIC_URL, else the forwarded or requested host and scheme; never an unspecified address. */
export function publicOrigin(req: Pick<NextRequest, "headers" | "nextUrl">): string {
  const configured = process.env.HINDSIGHT_PUBLIC_URL;
  if (configured) return new URL(configured).origin;
  const url = req.nextUrl;
  const candidate = first(req.headers.get("x-forwarded-host")) ?? first(req.headers.get("host"));
  const host = candidate && HOST.test(candidate) ? candidate : url.host;
  const forwarded = first(req.headers.get("x-forwarded-proto"));
  const proto = forwarded && /^https?$/.test(forwarded) ? forwarded : url.protocol.replace(/:$/, "");
  return `${proto}://${host.replace(UNSPECIFIED, "localhost")}`;
}
