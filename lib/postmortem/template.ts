// The postmortem every incident starts from. Pure: shared by server and editor.
import { TIMELINE_END, TIMELINE_START } from "./timeline-block";

export const TEMPLATE_SECTIONS = [
  "Summary",
  "Impact",
  "Detection",
  "Timeline",
  "Root cause",
  "Contributing factors",
  "What went well",
  "Action items",
] as const;

export function postmortemTemplate(title: string): string {
  const safeTitle = title.replace(/[\r\n]+/g, " ").trim() || "Incident";
  return `# Postmortem: ${safeTitle}

## Summary

_What happened, in two or three sentences._

## Impact

_Who was affected, how badly, and for how long._

## Detection

_How the problem was noticed, and how long that took._

## Timeline

All times in UTC. Use "Refresh timeline" to regenerate the table from markers, annotations and hypothesis changes.

${TIMELINE_START}
${TIMELINE_END}

## Root cause

_The underlying cause. Insert a timeline view that shows it._

## Contributing factors

- 

## What went well

- 

## Action items

| Action | Owner | Due date | Status |
| --- | --- | --- | --- |
|  |  |  | open |
`;
}
