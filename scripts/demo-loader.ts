// Loads the "it wasn't DNS" demo incident into a running Hindsight through its public HTTP API —
// the same upload path users take. Used by `npm start` on an empty database and by `npm run demo`.
import { openAsBlob } from "node:fs";
import path from "node:path";
import { DEMO } from "../lib/samples/demo/scenario";
import { writeDemoFiles } from "../lib/samples/demo/write-demo-files";

async function api<T>(base: string, route: string, init?: RequestInit & { json?: unknown }): Promise<T> {
  const res = await fetch(base + route, {
    ...init,
    headers: init?.json === undefined ? init?.headers : { "content-type": "application/json", cookie: "hindsight_name=Hindsight%20demo" },
    body: init?.json === undefined ? init?.body : JSON.stringify(init.json),
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${init?.method ?? "GET"} ${route} → ${res.status}: ${JSON.stringify(body?.error ?? body)}`);
  return body as T;
}

/** Creates the demo incident (once: found again by its ticket) and uploads its evidence. */
export async function loadDemo(base: string, dataDir: string): Promise<string> {
  const existing = await api<{ incidents: Array<{ id: string }> }>(base, `/api/incidents?ticket=${DEMO.ticket}`);
  if (existing.incidents[0]) return existing.incidents[0].id;
  const files = await writeDemoFiles(path.join(dataDir, "demo-evidence"));
  const incident = await api<{ id: string }>(base, "/api/incidents", {
    method: "POST",
    json: { title: DEMO.title, ticket: DEMO.ticket, summary: DEMO.summary, windowFrom: DEMO.windowFrom, windowTo: DEMO.windowTo },
  });
  const form = new FormData();
  form.append("source", `https://tickets.example/browse/${DEMO.ticket}`);
  for (const f of files) form.append("file", await openAsBlob(f), path.basename(f));
  await api(base, `/api/incidents/${incident.id}/uploads`, { method: "POST", body: form });
  return incident.id;
}
