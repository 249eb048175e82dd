"use client";

// Follows an incident's server-sent events and refetches only what a change touched: the upload
// list while files are read, the evidence (summary, markers, panels) once an upload lands or goes,
// findings, markers, the incident header. Hypotheses and annotations are merged by the activity
// feed, which `onActivity` asks to look at once. After a reconnect everything is refetched, since
// changes may have gone by unseen. The postmortem editor takes a newer revision itself.
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { setLive } from "./live-status";

type Change = { topic: string; id?: string; state?: string; family?: string };

/** The series kinds and lists an upload of each family feeds. */
const FED_BY: Record<string, { series: string[]; lists: string[] }> = {
  flows: { series: ["flows"], lists: [] },
  captures: { series: ["packets", "dns"], lists: [] },
  metrics: { series: ["metrics"], lists: ["metric-list", "metric-rank"] },
  markers: { series: [], lists: ["markers"] },
};

/** An upload landed or went: the summary, and the panels and lists of its family (all of them when unknown). */
function refetchEvidence(qc: QueryClient, incidentId: string, family: string | undefined) {
  const fed = family ? FED_BY[family] : undefined;
  if (!fed) return void qc.invalidateQueries({ queryKey: ["evidence", incidentId] });
  void qc.invalidateQueries({ queryKey: ["evidence", incidentId, "summary"] });
  for (const list of fed.lists) void qc.invalidateQueries({ queryKey: ["evidence", incidentId, list] });
  void qc.invalidateQueries({
    queryKey: ["evidence", incidentId, "series"],
    predicate: (q) => fed.series.includes((q.queryKey[3] as { kind?: string } | undefined)?.kind ?? ""),
  });
}

type Handlers = { onActivity?: () => void; onPostmortem?: () => void };

function refetchFor(qc: QueryClient, incidentId: string, change: Change, { onActivity, onPostmortem }: Handlers) {
  const invalidate = (...key: string[]) => void qc.invalidateQueries({ queryKey: [key[0], incidentId, ...key.slice(1)] });
  switch (change.topic) {
    case "uploads":
      invalidate("uploads");
      if (change.state === "finished" || change.state === "deleted" || change.state === undefined) refetchEvidence(qc, incidentId, change.family);
      break;
    case "findings":
      invalidate("findings");
      break;
    case "markers":
      invalidate("evidence", "markers");
      break;
    case "hypotheses":
    case "annotations":
      onActivity?.();
      break;
    case "postmortem":
      onPostmortem?.();
      break;
    case "incident":
      invalidate("incident");
      invalidate("evidence", "summary");
      break;
  }
}

function refetchAll(qc: QueryClient, incidentId: string, handlers: Handlers) {
  for (const root of ["uploads", "evidence", "findings", "incident"]) void qc.invalidateQueries({ queryKey: [root, incidentId] });
  handlers.onActivity?.();
  handlers.onPostmortem?.();
}

/** `onActivity`: hypotheses or annotations changed; `onPostmortem`: someone saved the postmortem. */
export function useIncidentEvents(incidentId: string, handlers: Handlers = {}) {
  const qc = useQueryClient();
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const poke: Handlers = { onActivity: () => latest.current.onActivity?.(), onPostmortem: () => latest.current.onPostmortem?.() };
    const source = new EventSource(`/api/incidents/${incidentId}/events`);
    let wasOpen = false;
    source.addEventListener("ready", () => {
      // The first connection needs nothing: the page has just loaded. A reconnect may have missed changes.
      if (wasOpen) refetchAll(qc, incidentId, poke);
      wasOpen = true;
      setLive(incidentId, true);
    });
    source.addEventListener("change", (e) => {
      try {
        refetchFor(qc, incidentId, JSON.parse((e as MessageEvent<string>).data) as Change, poke);
      } catch {
        // A malformed event is skipped; the next one or a resync brings the page up to date.
      }
    });
    source.addEventListener("resync", () => refetchAll(qc, incidentId, poke));
    source.onerror = () => setLive(incidentId, false);
    return () => {
      source.close();
      setLive(incidentId, false);
    };
  }, [incidentId, qc]);
}
