import { publicOrigin } from "@/lib/api/public-origin";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { exportMarkdown } from "@/lib/postmortem/export-markdown";

export const dynamic = "force-dynamic";

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
