// Labels and UTC times for the hypothesis and annotation UI.
import type { KeyboardEvent } from "react";
import { formatDateTime } from "@/lib/format";
import type { TAnnotationStance } from "@/lib/schemas/annotation";
import type { THypothesisStatus } from "@/lib/schemas/hypothesis";

export const STATUS_LABEL: Record<THypothesisStatus, string> = {
  open: "Open",
  supported: "Supported",
  refuted: "Refuted",
  confirmed: "Confirmed",
};

export const STANCE_LABEL: Record<TAnnotationStance, string> = {
  supports: "Supports",
  refutes: "Refutes",
  context: "Context",
};

export const STANCE_VERB: Record<TAnnotationStance, string> = {
  supports: "supports",
  refutes: "refutes",
  context: "context for",
};

export const authorName = (author: string | null) => author ?? "anonymous";

export const utc = (ms: number) => `${formatDateTime(ms, "utc")} UTC`;

function duration(ms: number): string {
  const s = ms / 1000;
  if (s < 120) return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** `2024-06-10 06:00:00–06:01:30 UTC (90 s)`; a point is one time. */
export function formatRange(from: number, to: number): string {
  if (from === to) return utc(from);
  const a = formatDateTime(from, "utc");
  const b = formatDateTime(to, "utc");
  const end = a.slice(0, 10) === b.slice(0, 10) ? b.slice(11) : b;
  return `${a}–${end} UTC (${duration(to - from)})`;
}

/** Submits a form from a textarea with Ctrl/⌘+Enter. */
export function submitOnModEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    event.currentTarget.form?.requestSubmit();
  }
}
