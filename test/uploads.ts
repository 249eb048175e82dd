// Test helpers: create an incident and upload real files through the real route handler,
// as multipart/form-data built by undici's FormData (files streamed from disk via openAsBlob).
import { openAsBlob } from "node:fs";
import path from "node:path";
import * as incidents from "@/app/api/incidents/route";
import * as uploads from "@/app/api/incidents/[id]/uploads/route";
import { call } from "./http";

export async function newIncident(title = "test incident"): Promise<string> {
  const res = await call(incidents.POST, { method: "POST", json: { title } });
  if (res.status !== 201) throw new Error(`could not create incident: ${JSON.stringify(res.data)}`);
  return res.data.id;
}

export async function uploadFiles(incidentId: string, files: string[], fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const file of files) form.append("file", await openAsBlob(file), path.basename(file));
  const body = new Response(form);
  return call(uploads.POST, {
    method: "POST",
    path: `/api/incidents/${incidentId}/uploads`,
    params: { id: incidentId },
    headers: { "content-type": body.headers.get("content-type")! },
    body: body.body as unknown as BodyInit,
  });
}
