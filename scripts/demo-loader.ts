// Loads the "it wasn't DNS" demo incident into a running Hindsight through its public HTTP API —
// the same upload path users take — and replays the team's investigation on it: hypotheses with
// their status history, annotations on the evidence, permalinks and a postmortem draft.
// Used by `npm start` on an empty database and by `npm run demo`.
import { openAsBlob } from "node:fs";
import path from "node:path";
import { INVESTIGATION, PERMALINKS, POSTMORTEM_AUTHOR, postmortemMarkdown, type TAnnotationKey, type TDemoPermalink, type THypothesisKey } from "../lib/samples/demo/investigation";
import { DEMO } from "../lib/samples/demo/scenario";
import { writeDemoFiles } from "../lib/samples/demo/write-demo-files";

/** How requests are sent: the global `fetch` by default; tests route them to the handlers in-process. */
export type TFetch = (url: string, init: RequestInit) => Promise<Response>;
export type TLoadDemoOptions = { fetch?: TFetch };

type TCall = { method?: string; json?: unknown; body?: BodyInit; author?: string };
type TApi = <T>(route: string, call?: TCall) => Promise<T>;

/** JSON (or multipart) calls against `base`; the author goes in the `hindsight_name` cookie, as browsers send it. */
function client(base: string, send: TFetch): TApi {
  return async <T>(route: string, call: TCall = {}): Promise<T> => {
    const headers = new Headers();
    if (call.json !== undefined) headers.set("content-type", "application/json");
    if (call.author) headers.set("cookie", `hindsight_name=${encodeURIComponent(call.author)}`);
    // Looking an incident up by ticket needs the shared ticket secret when one is set.
    if (process.env.HINDSIGHT_TICKET_SECRET) headers.set("authorization", `Bearer ${process.env.HINDSIGHT_TICKET_SECRET}`);
    const res = await send(base + route, {
      method: call.method ?? "GET",
      headers,
      body: call.json !== undefined ? JSON.stringify(call.json) : call.body,
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${call.method ?? "GET"} ${route} → ${res.status}: ${JSON.stringify(body?.error ?? body)}`);
    return body as T;
  };
}

/** Creates the demo incident (once: found again by its ticket), uploads its evidence and adds the investigation. */
export async function loadDemo(base: string, dataDir: string, options: TLoadDemoOptions = {}): Promise<string> {
  const api = client(base, options.fetch ?? ((url, init) => fetch(url, init)));
  const existing = await api<{ incidents: Array<{ id: string }> }>(`/api/incidents?ticket=${DEMO.ticket}`);
  if (existing.incidents[0]) return existing.incidents[0].id;
  const files = await writeDemoFiles(path.join(dataDir, "demo-evidence"));
  const incident = await api<{ id: string }>("/api/incidents", {
    method: "POST",
    author: "Hindsight demo",
    json: { title: DEMO.title, ticket: DEMO.ticket, summary: DEMO.summary, windowFrom: DEMO.windowFrom, windowTo: DEMO.windowTo },
  });
  const form = new FormData();
  form.append("source", `https://tickets.example/browse/${DEMO.ticket}`);
  for (const f of files) form.append("file", await openAsBlob(f), path.basename(f));
  await api(`/api/incidents/${incident.id}/uploads`, { method: "POST", body: form, author: "Hindsight demo" });
  await addInvestigation(api, incident.id);
  return incident.id;
}

/** Replays INVESTIGATION step by step, then shares the views and saves the postmortem draft. */
async function addInvestigation(api: TApi, incidentId: string) {
  const incident = `/api/incidents/${incidentId}`;
  const hypotheses = new Map<THypothesisKey, string>();
  const annotations = new Map<TAnnotationKey, string>();
  const hypothesisId = (key: THypothesisKey) => {
    const id = hypotheses.get(key);
    if (!id) throw new Error(`demo investigation: hypothesis "${key}" is used before it is created`);
    return id;
  };

  for (const step of INVESTIGATION) {
    switch (step.kind) {
      case "hypothesis": {
        const { id } = await api<{ id: string }>(`${incident}/hypotheses`, {
          method: "POST", author: step.author, json: { title: step.title, description: step.description },
        });
        hypotheses.set(step.key, id);
        break;
      }
      case "status":
        await api(`${incident}/hypotheses/${hypothesisId(step.hypothesis)}`, {
          method: "PATCH", author: step.author, json: { status: step.status, reason: step.reason },
        });
        break;
      case "annotation": {
        const { id } = await api<{ id: string }>(`${incident}/annotations`, {
          method: "POST",
          author: step.author,
          json: { from: step.from, to: step.to, text: step.text, stance: step.stance, hypothesisId: hypothesisId(step.hypothesis), panel: step.panel },
        });
        annotations.set(step.key, id);
        break;
      }
    }
  }

  const annotationIds = Object.fromEntries(annotations) as Record<TAnnotationKey, string>;
  const slugs = {} as Record<TDemoPermalink["key"], string>;
  for (const link of PERMALINKS) {
    const { slug } = await api<{ slug: string }>("/api/permalinks", {
      method: "POST", author: link.author, json: { incidentId, view: link.view(annotationIds) },
    });
    slugs[link.key] = slug;
  }
  await api(`${incident}/postmortem`, {
    method: "PUT", author: POSTMORTEM_AUTHOR, json: { markdown: postmortemMarkdown(slugs), baseRevision: 0 },
  });
}
