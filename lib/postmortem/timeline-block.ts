// The generated timeline block: a markdown table between two HTML comments, so "refresh" can
// replace exactly that block and leave the rest of the document alone. Pure.
export const TIMELINE_START = "<!-- timeline:start -->";
export const TIMELINE_END = "<!-- timeline:end -->";

export type TTimelineRow = { at: number; kind: "marker" | "annotation" | "hypothesis" | "clock"; text: string };

const pad = (n: number) => String(n).padStart(2, "0");

/** `2026-03-14 09:10:05` in UTC. */
export function utc(t: number): string {
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/**
 * Table cells are one line, and a `|` would end the cell. A `<` is written as `&lt;` (shown the
 * same): text from a marker label or a note must not be able to close the generated block
 * (`<!-- timeline:end -->`) and make every refresh add rows after it.
 */
export const cell = (s: string) => s.replace(/\s+/g, " ").replace(/\|/g, "\\|").replace(/</g, "&lt;").trim();

export function timelineTable(rows: TTimelineRow[]): string {
  if (rows.length === 0) return "_No markers, annotations or hypothesis changes yet._";
  const lines = ["| Time (UTC) | Kind | Event |", "| --- | --- | --- |"];
  for (const r of rows) lines.push(`| ${utc(r.at)} | ${r.kind} | ${cell(r.text)} |`);
  return lines.join("\n");
}

/**
 * Replaces the block's contents; without a block, puts one under a `## Timeline` heading, or at
 * the end of the document.
 */
export function replaceTimelineBlock(markdown: string, table: string): string {
  const block = `${TIMELINE_START}\n${table}\n${TIMELINE_END}`;
  const start = markdown.indexOf(TIMELINE_START);
  const end = start < 0 ? -1 : markdown.indexOf(TIMELINE_END, start);
  if (start >= 0 && end >= 0) return markdown.slice(0, start) + block + markdown.slice(end + TIMELINE_END.length);
  const heading = /^##\s+Timeline\s*$/im.exec(markdown);
  if (heading) {
    const at = heading.index + heading[0].length;
    return `${markdown.slice(0, at)}\n\n${block}\n${markdown.slice(at)}`;
  }
  return `${markdown.replace(/\s*$/, "")}\n\n## Timeline\n\n${block}\n`;
}
