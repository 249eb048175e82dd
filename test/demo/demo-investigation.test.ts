// The demo incident carries its investigation: scripts/demo-loader.ts, with its requests routed to
// the real handlers in-process, creates hypotheses with their history, annotations on the default
// layout's panels, permalinks and a postmortem draft that embeds them — once, however often it runs.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { splitEmbeds } from "@/lib/postmortem/embeds";
import type { TAnnotation } from "@/lib/schemas/annotation";
import type { THypothesis } from "@/lib/schemas/hypothesis";
import type { TPermalink } from "@/lib/schemas/permalink";
import type { TPostmortem } from "@/lib/schemas/postmortem";
import { PANELS, PEOPLE } from "@/lib/samples/demo/investigation";
import { DEMO } from "@/lib/samples/demo/scenario";
import { parseView } from "@/lib/timeline/view-state";
import { defaultPanels, relevantMetrics } from "@/lib/timeline/view/panels";
import { whenDetectorsIdle } from "@/lib/findings/scheduler";
import { loadDemo } from "@/scripts/demo-loader";
import { routeFetch } from "./route-fetch";

const BASE = "http://hindsight.test";
const { ana, bo, chen } = PEOPLE;

describe("the demo incident's investigation", () => {
  const fetch = routeFetch();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hindsight-demo-"));
  const get = async <T>(route: string): Promise<T> => {
    const res = await fetch(BASE + route, { method: "GET" });
    expect(res.status, route).toBe(200);
    return (await res.json()) as T;
  };
  let id: string;
  let hypotheses: THypothesis[];
  let annotations: TAnnotation[];
  let postmortem: TPostmortem;
  let loaderCalls: string[];

  beforeAll(async () => {
    id = await loadDemo(BASE, dataDir, { fetch });
    loaderCalls = [...fetch.calls];
    hypotheses = (await get<{ hypotheses: THypothesis[] }>(`/api/incidents/${id}/hypotheses`)).hypotheses;
    annotations = (await get<{ annotations: TAnnotation[] }>(`/api/incidents/${id}/annotations`)).annotations;
    postmortem = await get<TPostmortem>(`/api/incidents/${id}/postmortem`);
  }, 300_000);

  it("goes through the public API only", () => {
    const kinds = new Set(loaderCalls.map((c) => c.replace(/[0-9a-f-]{36}/g, ":id")));
    expect([...kinds].sort()).toEqual([
      "GET /api/incidents",
      "PATCH /api/incidents/:id/hypotheses/:id",
      "POST /api/incidents",
      "POST /api/incidents/:id/annotations",
      "POST /api/incidents/:id/hypotheses",
      "POST /api/incidents/:id/uploads",
      "POST /api/permalinks",
      "PUT /api/incidents/:id/postmortem",
    ]);
  });

  it("has the five hypotheses in order, with their status history and authors", () => {
    const summary = hypotheses.map((h) => ({
      title: h.title,
      status: h.status,
      history: h.history.map((e) => `${e.status} by ${e.author}`),
    }));
    expect(summary).toEqual([
      { title: "DNS is failing during rollouts", status: "refuted", history: [`open by ${ana}`, `supported by ${ana}`, `refuted by ${bo}`] },
      { title: "node-local-dns can't open upstream connections", status: "supported", history: [`open by ${bo}`, `supported by ${bo}`] },
      { title: "conntrack on the node is saturated", status: "confirmed", history: [`open by ${chen}`, `supported by ${chen}`, `confirmed by ${chen}`] },
      { title: "the alerting engine SYN-floods the deleted pod IP", status: "confirmed", history: [`open by ${bo}`, `confirmed by ${chen}`] },
      { title: "reverse-path filtering drops the SYNs", status: "refuted", history: [`open by ${ana}`, `refuted by ${bo}`] },
    ]);
    expect(hypotheses.map((h) => h.position)).toEqual([0, 1, 2, 3, 4]);
    for (const h of hypotheses) {
      expect(h.description.length).toBeGreaterThan(40);
      for (const e of h.history.slice(1)) expect(e.reason?.length).toBeGreaterThan(40);
    }
    expect(hypotheses[0]!.history[2]!.reason).toMatch(/upstream connections/);
    expect(hypotheses[2]!.history[2]!.reason).toMatch(/13k → 60k/);
    expect(hypotheses[3]!.history[1]!.reason).toMatch(new RegExp(`130k SYNs in 90 s to ${DEMO.deletedPodIp.replace(/\./g, "\\.")}`));
  });

  it("annotates the evidence at the right times, on panels of the default layout, for the hypotheses", async () => {
    const h = Object.fromEntries(hypotheses.map((x, i) => [["dns", "upstream", "conntrack", "storm", "rpf"][i]!, x.id]));
    const row = (a: TAnnotation) => ({ panel: a.panel, from: a.from, to: a.to, stance: a.stance, hypothesisId: a.hypothesisId, author: a.author });
    const byStart = annotations.map(row);
    expect(annotations).toHaveLength(7);
    expect(byStart).toEqual(expect.arrayContaining([
      { panel: "flows", from: DEMO.gracefulStopFrom, to: DEMO.gracefulStopTo, stance: "context", hypothesisId: h.storm, author: bo },
      { panel: "flows", from: DEMO.stormFrom, to: DEMO.stormTo, stance: "supports", hypothesisId: h.storm, author: bo },
      { panel: "flows", from: DEMO.stormFrom, to: DEMO.stormTo, stance: "refutes", hypothesisId: h.rpf, author: bo },
      { panel: "dns", from: DEMO.stormFrom, to: DEMO.stormFrom + 180_000, stance: "supports", hypothesisId: h.dns, author: ana },
      { panel: "packets", from: DEMO.stormFrom, to: DEMO.stormFrom + 175_000, stance: "supports", hypothesisId: h.upstream, author: bo },
      { panel: PANELS.maxConcurrentRejects, from: DEMO.stormFrom + 30_000, to: DEMO.stormTo + 90_000, stance: "supports", hypothesisId: h.upstream, author: bo },
      { panel: PANELS.conntrack, from: DEMO.stormFrom - 15_000, to: DEMO.rolloutTo, stance: "supports", hypothesisId: h.conntrack, author: chen },
    ]));
    const storm = annotations.find((a) => a.panel === "flows" && a.stance === "supports")!;
    expect(storm.text).toContain(`130k SYNs in 90 s to ${DEMO.deletedPodIp}`);

    // The panel ids are those the timeline's automatic layout gives this evidence, the way the
    // workspace builds it: the metrics the findings name, then the one that moved most.
    await whenDetectorsIdle(id);
    const { findings } = await get<{ findings: Array<{ evidence: { metrics?: string[] } }> }>(`/api/incidents/${id}/findings`);
    const incident = await get<{ windowFrom: number | null; windowTo: number | null }>(`/api/incidents/${id}`);
    const window = incident.windowFrom !== null && incident.windowTo !== null ? `&from=${incident.windowFrom}&to=${incident.windowTo}` : "";
    const { metrics } = await get<{ metrics: Array<{ name: string }> }>(`/api/incidents/${id}/metrics?rank=change${window}`);
    const names = relevantMetrics(metrics.map((m) => m.name), findings.flatMap((f) => f.evidence.metrics ?? []));
    const layout = defaultPanels({ flows: 1, captures: 1, metrics: 1, markers: 1 }, names);
    expect(layout.map((p) => p.id)).toEqual(["flows", "packets", "dns", "metric", "metric-2", "metric-3"]);
    expect(layout.find((p) => p.id === PANELS.conntrack)).toMatchObject({ options: { name: "node_nf_conntrack_entries" } });
    expect(layout.find((p) => p.id === PANELS.maxConcurrentRejects)).toMatchObject({ options: { name: "coredns_forward_max_concurrent_rejects_total", agg: "rate" } });
    for (const a of annotations) expect(layout.map((p) => p.id)).toContain(a.panel);
  });

  it("has a postmortem draft that embeds permalinks to the storm and the symptom", async () => {
    expect(postmortem).toMatchObject({ incidentId: id, revision: 1, author: ana });
    for (const heading of ["## Summary", "## Impact", "## Timeline", "## Root cause", "## Action items"]) expect(postmortem.markdown).toContain(heading);
    expect(postmortem.markdown).toContain("<!-- timeline:start -->");
    expect(postmortem.markdown).toMatch(/it wasn't/i);
    expect(postmortem.markdown).toContain(`SYN-flooded the deleted pod IP`);

    const slugs = splitEmbeds(postmortem.markdown).flatMap((s) => (s.type === "embed" ? [s.slug] : []));
    expect(slugs).toHaveLength(2);
    const [storm, symptom] = await Promise.all(slugs.map((slug) => get<TPermalink>(`/api/permalinks/${slug}`)));
    const stormAnnotation = annotations.find((a) => a.panel === "flows" && a.stance === "supports")!;
    expect(storm).toMatchObject({ incidentId: id, author: bo, view: { focus: { kind: "annotation", id: stormAnnotation.id } } });
    const view = storm!.view as { range: { from: number; to: number }; panels: Array<{ id: string }>; query: string };
    expect(view.range.from).toBeLessThanOrEqual(DEMO.stormFrom);
    expect(view.range.to).toBeGreaterThanOrEqual(DEMO.stormTo);
    expect(view.panels.map((p) => p.id)).toEqual(["flows", PANELS.conntrack]);
    // The stored query reopens exactly the stored view (what the permalink page navigates to).
    const { query, ...rest } = storm!.view;
    expect(parseView(query as string)).toEqual(rest);
    expect(parseView(query as string).panels![0]).toMatchObject({ filters: { dst: DEMO.deletedPodIp } });
    expect(symptom).toMatchObject({ incidentId: id, author: ana, view: { focus: { kind: "annotation", id: annotations.find((a) => a.panel === "dns")!.id } } });
  });

  it("loads nothing twice: a second run finds the incident by its ticket and stops", async () => {
    const callsBefore = fetch.calls.length;
    const previous = process.env.HINDSIGHT_TICKET_SECRET;
    process.env.HINDSIGHT_TICKET_SECRET = "demo-secret";
    try {
      expect(await loadDemo(BASE, dataDir, { fetch })).toBe(id);
    } finally {
      if (previous === undefined) delete process.env.HINDSIGHT_TICKET_SECRET;
      else process.env.HINDSIGHT_TICKET_SECRET = previous;
    }
    expect(fetch.calls.slice(callsBefore)).toEqual(["GET /api/incidents"]);
    const { incidents } = await get<{ incidents: Array<{ id: string }> }>(`/api/incidents?ticket=${DEMO.ticket}`);
    expect(incidents.map((i) => i.id)).toEqual([id]);
    expect((await get<{ hypotheses: THypothesis[] }>(`/api/incidents/${id}/hypotheses`)).hypotheses).toEqual(hypotheses);
    expect((await get<{ annotations: TAnnotation[] }>(`/api/incidents/${id}/annotations`)).annotations).toEqual(annotations);
    expect((await get<TPostmortem>(`/api/incidents/${id}/postmortem`)).revision).toBe(1);
  });
});
