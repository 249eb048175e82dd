"use client";

// The incident's timeline: toolbar, markers lane and panels on one shared time axis. The view
// (range, zone, panels and their options) is read from and written to the URL.
import { apiFetch } from "@/lib/client/api";
import { useCallback, useEffect, useMemo } from "react";
import type { TIncident } from "@/lib/schemas/incident";
import { parseView, serializeView, type TPanel, type TPanelType } from "@/lib/timeline/view-state";
import { defaultPanels, movePanel, newPanel, removePanel, replacePanel } from "@/lib/timeline/view/panels";
import { rangePresets } from "@/lib/timeline/view/presets";
import { AddPanel } from "./add-panel";
import { PLOT_LEFT, PLOT_RIGHT } from "./layout";
import { loadLayout, saveLayout } from "./layout-storage";
import { MarkersLane } from "./markers-lane";
import { PanelState } from "./panel-shell";
import { PanelView } from "./panel-view";
import { TimeAxisContext } from "./time-axis";
import { Toolbar } from "./toolbar";
import { useIsClient } from "./use-color-scheme";
import { familyCounts, useEvidence, useMarkers, useMetricList } from "./use-incident-data";
import { useKeyboardNav } from "./use-keyboard-nav";
import { useTimeAxisState } from "./use-time-axis-state";
import { useViewUrl } from "./use-view-url";

const NO_MARKERS: never[] = [];

export function TimelineWorkspace({ incident }: { incident: TIncident }) {
  // The view depends on the URL, local storage and the browser's zone: render it in the browser only.
  if (!useIsClient()) return <section className="tl-workspace" aria-label="Timeline workspace" aria-busy="true" />;
  return <Workspace incident={incident} />;
}

function Workspace({ incident }: { incident: TIncident }) {
  const { view, update } = useViewUrl();
  const evidence = useEvidence(incident.id);
  const markersQuery = useMarkers(incident.id);
  const families = familyCounts(evidence.data);
  const markers = markersQuery.data ?? NO_MARKERS;
  const incidentWindow = useMemo(
    () => (incident.windowFrom !== null && incident.windowTo !== null && incident.windowTo > incident.windowFrom ? { from: incident.windowFrom, to: incident.windowTo } : null),
    [incident.windowFrom, incident.windowTo],
  );
  const evidenceRange = evidence.data?.range ?? null;
  const bounds = useMemo(() => evidenceRange ?? incidentWindow, [evidenceRange, incidentWindow]);
  const axis = useTimeAxisState(view, update, bounds, markers);
  useKeyboardNav(axis);

  const { flows, captures, metrics, markers: markerUploads } = families;
  const metricList = useMetricList(incident.id, metrics > 0 && view.panels === null);
  const metricNames = useMemo(() => (metricList.data ?? []).map((m) => m.name), [metricList.data]);
  const panels = useMemo(
    () => view.panels ?? defaultPanels({ flows, captures, metrics, markers: markerUploads }, metricNames),
    [view.panels, flows, captures, metrics, markerUploads, metricNames],
  );

  // A saved layout fills in when the URL names no panels (the URL wins when it does).
  useEffect(() => {
    if (parseView(window.location.search).panels !== null) return;
    const saved = loadLayout(incident.id);
    if (saved) update((v) => ({ ...v, panels: saved }), "replace");
  }, [incident.id, update]);

  const setPanels = useCallback(
    (change: (ps: TPanel[]) => TPanel[]) =>
      update((v) => {
        const next = change(v.panels ?? panels);
        saveLayout(incident.id, next);
        return { ...v, panels: next };
      }),
    [incident.id, update, panels],
  );
  const addPanel = (type: TPanelType, metricName?: string) => setPanels((ps) => [...ps, newPanel(type, ps, metricName ?? null)]);
  const presets = useMemo(() => rangePresets({ evidence: evidenceRange, window: incidentWindow, markers }), [evidenceRange, incidentWindow, markers]);
  // Share stores the whole view as an immutable permalink record (/p/<slug>); the query string
  // is kept inside it so the permalink page can reopen exactly this URL.
  const permalink = async () => {
    const current = { ...view, range: axis.domain, panels };
    const { url } = await apiFetch<{ url: string }>("/api/permalinks", {
      method: "POST",
      json: { incidentId: incident.id, view: { ...current, query: serializeView(current) } },
    });
    return new URL(url, location.origin).toString();
  };

  if (evidence.isLoading) return <section className="tl-workspace" aria-label="Timeline workspace" aria-busy="true"><PanelState kind="loading" title="Loading evidence…" height={120} /></section>;
  if (evidence.error) return <section className="tl-workspace card" aria-label="Timeline workspace"><PanelState kind="error" title="Could not load the evidence summary">{evidence.error.message}</PanelState></section>;

  const nothing = panels.length === 0 && markers.length === 0 && !evidenceRange;
  return (
    <TimeAxisContext.Provider value={axis}>
      <section className="tl-workspace" aria-label="Timeline workspace" style={{ ["--plot-left" as string]: `${PLOT_LEFT}px`, ["--plot-right" as string]: `${PLOT_RIGHT}px` }}>
        {nothing ? (
          <div className="card empty" data-testid="timeline-empty">
            <strong>No evidence on the timeline yet</strong>
            Attach VPC flow logs, packet captures, metric exports or rollout events (below) to line them up here.
          </div>
        ) : (
          <>
            <Toolbar presets={presets} zoomed={view.range !== null} onZone={(tz) => update((v) => ({ ...v, tz }))} permalink={permalink} />
            <MarkersLane incidentId={incident.id} query={markersQuery} />
            {panels.map((panel, i) => (
              <PanelView
                key={panel.id}
                incidentId={incident.id}
                panel={panel}
                families={families}
                actions={{
                  change: (next) => setPanels((ps) => replacePanel(ps, next)),
                  remove: () => setPanels((ps) => removePanel(ps, panel.id)),
                  move: (delta) => setPanels((ps) => movePanel(ps, panel.id, delta)),
                  first: i === 0,
                  last: i === panels.length - 1,
                }}
              />
            ))}
            {panels.length === 0 && <div className="card empty">No panels. Add one to chart the evidence.</div>}
          </>
        )}
        <div className="tl-foot">
          <AddPanel incidentId={incident.id} families={families} onAdd={addPanel} />
        </div>
      </section>
    </TimeAxisContext.Provider>
  );
}
