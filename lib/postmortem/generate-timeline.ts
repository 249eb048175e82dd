// The postmortem's generated timeline: markers, annotations, hypothesis status changes and upload
// clock changes of an incident in time order (UTC), as rows and as the markdown table of the timeline block.
import "server-only";
import { listAnnotations } from "@/lib/annotations/annotations";
import { listHypotheses } from "@/lib/hypotheses/hypotheses";
import { listMarkers } from "@/lib/markers/markers";
import { describeClockChange } from "@/lib/schemas/clock";
import { listClockChanges } from "@/lib/uploads/clock-changes";
import { timelineTable, utc, type TTimelineRow } from "./timeline-block";

const firstLine = (s: string, max = 300) => {
  const line = s.split(/\r?\n/).find((l) => l.trim()) ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};
const by = (author: string | null) => (author ? ` (${author})` : "");
const KIND_ORDER = { marker: 0, hypothesis: 1, annotation: 2, clock: 3 } as const;

/** For an incident the caller has loaded. */
export async function generateTimeline(incidentId: string): Promise<{ markdown: string; rows: TTimelineRow[] }> {
  const [{ markers }, { annotations }, { hypotheses }, clockChanges] = await Promise.all([
    listMarkers(incidentId), listAnnotations(incidentId), listHypotheses(incidentId), listClockChanges(incidentId),
  ]);
  const rows: TTimelineRow[] = [];
  for (const m of markers) {
    const until = m.endTs !== null ? ` (until ${utc(m.endTs)})` : "";
    rows.push({ at: m.ts, kind: "marker", text: `${m.kind}: ${m.label}${until}` });
  }
  for (const a of annotations) {
    const until = a.to > a.from ? ` (until ${utc(a.to)})` : "";
    rows.push({ at: a.from, kind: "annotation", text: `[${a.stance}] ${firstLine(a.text)}${until}${by(a.author)}` });
  }
  for (const h of hypotheses) {
    h.history.forEach((e, i) => {
      const text = i === 0 ? `Hypothesis "${h.title}" proposed` : `Hypothesis "${h.title}" → ${e.status}${e.reason ? `: ${firstLine(e.reason)}` : ""}`;
      rows.push({ at: e.at, kind: "hypothesis", text: `${text}${by(e.author)}` });
    });
  }
  // When a source's clock was corrected: times in the table after it read the corrected evidence.
  for (const c of clockChanges) rows.push({ at: c.createdAt.getTime(), kind: "clock", text: `${describeClockChange(c)}${by(c.author)}` });
  rows.sort((a, b) => a.at - b.at || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  return { markdown: timelineTable(rows), rows };
}
