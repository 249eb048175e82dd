import type { NextRequest } from "next/server";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { exportMarkdown } from "@/lib/postmortem/export-markdown";

export const dynamic = "force-dynamic";

/** The origin the browser used: a server bound to 0.0.0.0 would otherwise put that in the links. */
function publicOrigin(req: NextRequest): string {
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  const proto = req.headers.get("x-forwarded-proto") ?? req.nextUrl.protocol.replace(/:$/, "");
  return host && /^[A-Za-z0-9.\-\[\]:]+$/.test(host) && /^https?$/.test(proto) ? `${proto}://${host}` : req.nextUrl.origin;
}

const fileName = (title: string) => `postmortem-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "incident"}.md`;

/** The postmortem as a Markdown download; embeds become permalink URLs plus their numbers. */
export const GET = incidentRoute(async (req, { incident }) => {
  const text = await exportMarkdown(incident, publicOrigin(req));
  return new Response(text, {
    headers: {
      "content-type": "text/markdown; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName(incident.title)}"`,
      "cache-control": "no-store",
    },
  });
});
