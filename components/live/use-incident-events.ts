"use client";

// Follows an incident's server-sent events and refetches only what a change touched: the upload
// list while files are read, the evidence (summary, markers, panels) once an upload lands or goes,
// findings, markers, the incident header. Hypotheses and annotations are merged by the activity
// feed, which `onActivity` asks to look at once. After a reconnect everything is refetched, since
// changes may have gone by unseen.
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { setLive } from "./live-status";

type Change = { topic: string; id?: string; state?: string };

function refetchFor(qc: QueryClient, incidentId: string, change: Change, onActivity: () => void) {
  const invalidate = (...key: string[]) => void qc.invalidateQueries({ queryKey: [key[0], incidentId, ...key.slice(1)] });
  switch (change.topic) {
    case "uploads":
      invalidate("uploads");
      if (change.state === "finished" || change.state === "deleted" || change.state === undefined) invalidate("evidence");
      break;
    case "findings":
      invalidate("findings");
      break;
    case "markers":
      invalidate("evidence", "markers");
      break;
    case "hypotheses":
    case "annotations":
      onActivity();
      break;
    case "incident":
      invalidate("incident");
      invalidate("evidence", "summary");
      break;
  }
}

function refetchAll(qc: QueryClient, incidentId: string, onActivity: () => void) {
  for (const root of ["uploads", "evidence", "findings", "incident"]) void qc.invalidateQueries({ queryKey: [root, incidentId] });
  onActivity();
}

export function useIncidentEvents(incidentId: string, onActivity: () => void) {
  const qc = useQueryClient();
  const activity = useRef(onActivity);
  activity.current = onActivity;

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const poke = () => activity.current();
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
