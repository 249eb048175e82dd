// The postmortem as a Markdown file: embeds become the permalink URL plus the numbers they show.
import "server-only";
import { ApiError } from "@/lib/api/errors";
import { getPermalink } from "@/lib/permalinks/permalinks";
import type { TIncident } from "@/lib/schemas/incident";
import { getPostmortem } from "./postmortems";
import { EMBED_LINE_RE } from "./embeds";
import { embedSummary } from "./embed-numbers";

export async function exportMarkdown(incident: Pick<TIncident, "id" | "title">, origin: string): Promise<string> {
  const { markdown } = await getPostmortem(incident);
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split(/\r?\n/)) {
    const f = /^\s{0,3}(```|~~~)/.exec(line)?.[1];
    if (f && (fence === null || fence === f)) fence = fence === null ? f : null;
    const slug = fence === null ? EMBED_LINE_RE.exec(line)?.[1] : undefined;
    if (!slug) {
      out.push(line);
      continue;
    }
    const url = `${origin}/p/${slug}`;
    try {
      const permalink = await getPermalink(slug);
      out.push(await embedSummary(permalink.incidentId, permalink.view, url));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      out.push(`**Timeline view:** ${url} (this permalink does not exist)`);
    }
  }
  return out.join("\n");
}
