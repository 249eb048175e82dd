// Live timeline embeds in a postmortem. Syntax: a line of its own `![view](/p/<slug>)` (a full
// URL ending in /p/<slug> works too). Anything else — including malformed slugs — stays plain
// markdown and goes through the sanitizing renderer. Pure.
import { TIMELINE_END, TIMELINE_START } from "./timeline-block";

export const EMBED_LINE_RE = /^\s*!\[view\]\((?:https?:\/\/[^\s/()]+)?\/p\/([A-Za-z0-9]{8,10})\)\s*$/;
const FENCE_RE = /^\s{0,3}(```|~~~)/;

export type TSegment = { type: "markdown"; text: string } | { type: "embed"; slug: string };

export const embedLine = (slug: string) => `![view](/p/${slug})`;

/** A slug from a permalink URL (`…/p/<slug>`) or a bare slug; null when it is neither. */
export function slugFrom(input: string): string | null {
  const m = /^(?:.*\/p\/)?([A-Za-z0-9]{8,10})\/?$/.exec(input.trim());
  return m ? m[1]! : null;
}

/** Splits a document into markdown runs and embeds; the timeline comments are dropped. */
export function splitEmbeds(markdown: string): TSegment[] {
  const segments: TSegment[] = [];
  let run: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    if (run.some((l) => l.trim())) segments.push({ type: "markdown", text: run.join("\n") });
    run = [];
  };
  for (const line of markdown.split(/\r?\n/)) {
    const f = FENCE_RE.exec(line)?.[1];
    if (f && (fence === null || fence === f)) fence = fence === null ? f : null;
    const embed = fence === null ? EMBED_LINE_RE.exec(line) : null;
    if (embed) {
      flush();
      segments.push({ type: "embed", slug: embed[1]! });
    } else if (fence !== null || (line.trim() !== TIMELINE_START && line.trim() !== TIMELINE_END)) {
      run.push(line);
    }
  }
  flush();
  return segments;
}
