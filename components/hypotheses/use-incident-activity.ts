"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef } from "react";
import { useLive } from "@/components/live/live-status";
import { apiFetch } from "@/lib/client/api";
import type { TIncidentActivity } from "@/lib/schemas/hypothesis";
import { applyActivity } from "./cache";

/** A write may commit after a poll that started later than it: ask again for a few seconds back. */
const OVERLAP_MS = 5000;

/** How often to look while the incident's event stream is up: a safety net, not the way news arrives. */
const LIVE_INTERVAL_MS = 30_000;

/**
 * Reads `GET /api/incidents/:id/activity` and merges what others changed into the
 * `["hypotheses", id]` and `["annotations", id]` caches: when the returned `pollNow` is called
 * (the event stream says something changed), at once when the tab becomes visible again, and
 * every `intervalMs` while the stream is down. The first read is a full sync; later ones ask from
 * the server's previous `now`, so client clocks do not matter.
 */
export function useIncidentActivity(incidentId: string, { intervalMs = 2000, enabled = true } = {}) {
  const qc = useQueryClient();
  const live = useLive(incidentId);
  const every = live ? LIVE_INTERVAL_MS : intervalMs;
  const trigger = useRef<() => void>(() => {});

  useEffect(() => {
    if (!enabled) return;
    let since: number | null = null;
    let stopped = false;
    let inFlight = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let more = false;
    // A change announced while a read is on its way may have committed after that read: read again.
    let again = false;

    async function poll() {
      if (stopped) return;
      if (inFlight) return void (again = true);
      clearTimeout(timer);
      // A hidden tab stops polling; becoming visible again polls at once.
      if (document.visibilityState !== "visible") return;
      inFlight = true;
      try {
        // After a full page, `now` is the last change it held, not a clock: no overlap, or a page
        // of changes made within the overlap would be asked for again and again.
        const query = since === null ? "" : `?since=${more ? since : Math.max(0, since - OVERLAP_MS)}`;
        const activity = await apiFetch<TIncidentActivity>(`/api/incidents/${incidentId}/activity${query}`);
        if (!stopped) {
          applyActivity(qc, incidentId, activity);
          since = activity.now;
          more = activity.more === true;
        }
      } catch {
        // A failed poll (server restarting, network blip) is retried on the next tick.
      } finally {
        inFlight = false;
      }
      // A full page means more changes are waiting: fetch them at once.
      if (!stopped) timer = setTimeout(poll, more || again ? 0 : every);
      again = false;
    }
    trigger.current = () => void poll();

    const onVisible = () => void poll();
    document.addEventListener("visibilitychange", onVisible);
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [incidentId, every, enabled, qc]);

  return useCallback(() => trigger.current(), []);
}
