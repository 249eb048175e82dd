"use client";

// The incident's timeline: toolbar, markers lane and panels on one shared time axis, with the
// team's annotations drawn on every panel. The view (range, zone, panels and their options, the
// focused annotation or hypothesis) is read from and written to the URL.
import { useQueryClient } from "@tanstack/react-query";
import { Fragment, useCallback, useEffect, useMemo, useState } from "react";
import { AnnotationForm } from "@/components/hypotheses/annotation-form";
import { resizeAnnotation } from "@/components/hypotheses/api";
import { annotationsKey, useAnnotations } from "@/components/hypotheses/cache";
import { useFindings } from "@/components/findings/findings-list";
import { useReadOnly } from "@/components/permalinks/read-only";
import { apiFetch } from "@/lib/client/api";
import type { TAnnotation } from "@/lib/schemas/annotation";
import type { TIncident } from "@/lib/schemas/incident";
import type { TEvidenceSummary } from "@/lib/schemas/series";
import { parseView, serializeView, type TPanel, type TPanelType, type TRange } from "@/lib/timeline/view-state";
import { focusedIds, type TAnnotationMark } from "@/lib/timeline/view/annotations";
import { defaultPanels, movePanel, newPanel, relevantMetrics, removePanel, replacePanel } from "@/lib/timeline/view/panels";
import { rangePresets } from "@/lib/timeline/view/presets";
import { AddPanel } from "./add-panel";
import { setCurrentPanels } from "./current-panels";
import { PLOT_LEFT, PLOT_RIGHT } from "./layout";
import { loadLayout, saveLayout } from "./layout-storage";
import { MarkersLane } from "./markers-lane";
import { PanelState } from "./panel-shell";
import { PanelView } from "./panel-view";
import { TimeAxisContext } from "./time-axis";
import { Toolbar } from "./toolbar";
import { useIsClient } from "./use-color-scheme";
import { familyCounts, useEvidence, useMarkers, useMetricsByChange } from "./use-incident-data";
import { useKeyboardNav } from "./use-keyboard-nav";
import { useTimeAxisState } from "./use-time-axis-state";
import { useViewUrl } from "./use-view-url";

const NO_MARKERS: never[] = [];
const NO_ANNOTATIONS: TAnnotation[] = [];

type TDraft = TRange & { panel: string };

type Props = { incident: TIncident; initialEvidence?: TEvidenceSummary };

export function TimelineWorkspace(props: Props) {
  // The view depends on the URL, local storage and the browser's zone: render it in the browser only.
  if (!useIsClient()) return <section className="tl-workspace" aria-label="Timeline workspace" aria-busy="true" />;
  return <Workspace {...props} />;
}

function Workspace({ incident, initialEvidence }: Props) {
  const qc = useQueryClient();
  const { view, update } = useViewUrl();
  const evidence = useEvidence(incident.id, initialEvidence);
  const markersQuery = useMarkers(incident.id);
  const families = familyCounts(evidence.data);
  const markers = markersQuery.data ?? NO_MARKERS;
  const incidentWindow = useMemo(
    () => (incident.windowFrom !== null && incident.windowTo !== null && incident.windowTo > incident.windowFrom ? { from: incident.windowFrom, to: incident.windowTo } : null),
    [incident.windowFrom, incident.windowTo],
  );
  const evidenceRange = evidence.data?.range ?? null;
  const bounds = useMemo(() => evidenceRange ?? incidentWindow, [evidenceRange, incidentWindow]);
  const { readOnly } = useReadOnly();
  const [annotating, setAnnotating] = useState(false);
  const [draft, setDraft] = useState<TDraft | null>(null);
  const annotations = useAnnotations(incident.id).data ?? NO_ANNOTATIONS;
  const layer = useMemo(() => {
    // The selection being annotated is drawn too, so one can see what the note will cover.
    const drawn: TAnnotationMark[] = draft
      ? [...annotations, { id: "draft", ...draft, stance: "context", text: "(new annotation)", hypothesisId: null, author: null, panels: [draft.panel] }]
      : annotations;
    return {
      annotations: drawn,
      focused: focusedIds(view.focus, annotations),
      annotating: annotating && !readOnly,
      annotate: readOnly ? null : (range: TRange, panel: string) => setDraft({ ...range, panel }),
      resize: readOnly
        ? null
        : (id: string, range: TRange) => {
            const seen = annotations.find((a) => a.id === id);
            if (seen) resizeAnnotation(qc, seen, range).catch(() => void qc.invalidateQueries({ queryKey: annotationsKey(incident.id) }));
          },
    };
  }, [annotations, draft, view.focus, annotating, readOnly, qc, incident.id]);
  const axis = useTimeAxisState(view, update, bounds, markers, layer);
  useKeyboardNav(axis);

  // N toggles annotate mode (Esc leaves it); a selection then opens the form under its panel.
  useEffect(() => {
    if (readOnly) return;
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.target instanceof Element && e.target.closest("input, textarea, select, dialog, [contenteditable='true']")) return;
      if (e.key === "n" || e.key === "N") setAnnotating((on) => !on);
      else if (e.key === "Escape") setAnnotating(false);
      else return;
      e.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [readOnly]);

  const { flows, captures, metrics, markers: markerUploads } = families;
  // Default panels: the metrics the findings name, then those that moved most in the incident window.
  const ranked = useMetricsByChange(incident.id, incidentWindow, metrics > 0 && view.panels === null);
  const findings = useFindings(incident.id).data?.findings;
  const metricNames = useMemo(
    () => relevantMetrics((ranked.data ?? []).map((m) => m.name), (findings ?? []).flatMap((f) => f.evidence.metrics ?? [])),
    [ranked.data, findings],
  );
  const panels = useMemo(
    () => view.panels ?? defaultPanels({ flows, captures, metrics, markers: markerUploads }, metricNames),
    [view.panels, flows, captures, metrics, markerUploads, metricNames],
  );

  useEffect(() => setCurrentPanels(panels), [panels]);

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
        // A shared view is someone else's layout: exploring it must not overwrite one's own.
        if (!readOnly) saveLayout(incident.id, next);
        return { ...v, panels: next };
      }),
    [incident.id, update, panels, readOnly],
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
            <Toolbar
              presets={presets}
              zoomed={view.range !== null}
              onZone={(tz) => update((v) => ({ ...v, tz }))}
              baseline={view.baseline}
              onBaseline={(baseline) => update((v) => ({ ...v, baseline }))}
              permalink={permalink}
              annotating={readOnly ? null : { on: annotating, toggle: () => setAnnotating((on) => !on) }}
            />
            <MarkersLane incidentId={incident.id} query={markersQuery} />
            {panels.map((panel, i) => (
              <Fragment key={panel.id}>
                <PanelView
                  incidentId={incident.id}
                  panel={panel}
                  families={families}
                  actions={{
                    change: (next) => setPanels((ps) => replacePanel(ps, next)),
                    remove: () => setPanels((ps) => removePanel(ps, panel.id)),
                    move: (delta) => setPanels((ps) => movePanel(ps, panel.id, delta)),
                    first: i === 0,
                    last: i === panels.length - 1,
                    locked: readOnly,
                  }}
                />
                {draft?.panel === panel.id && (
                  <div className="card tl-annotate" data-testid="annotate-form">
                    <AnnotationForm
                      incidentId={incident.id}
                      from={draft.from}
                      to={draft.to}
                      panel={draft.panel}
                      hypothesisId={view.focus?.kind === "hypothesis" ? view.focus.id : null}
                      onCreated={(a) => {
                        setDraft(null);
                        setAnnotating(false);
                        update((v) => ({ ...v, focus: { kind: "annotation", id: a.id } }), "replace");
                      }}
                      onCancel={() => setDraft(null)}
                    />
                  </div>
                )}
              </Fragment>
            ))}
            {panels.length === 0 && <div className="card empty">No panels. Add one to chart the evidence.</div>}
          </>
        )}
        {!readOnly && (
          <div className="tl-foot">
            <AddPanel incidentId={incident.id} families={families} onAdd={addPanel} />
          </div>
        )}
      </section>
    </TimeAxisContext.Provider>
  );
}
