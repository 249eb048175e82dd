// Shared set-up for the hypothesis, annotation, activity and permalink API tests.
import * as incidents from "@/app/api/incidents/route";
import * as hypotheses from "@/app/api/incidents/[id]/hypotheses/route";
import * as hypothesis from "@/app/api/incidents/[id]/hypotheses/[hid]/route";
import * as annotations from "@/app/api/incidents/[id]/annotations/route";
import * as annotation from "@/app/api/incidents/[id]/annotations/[aid]/route";
import { call } from "../http";

export const UNKNOWN = "00000000-0000-4000-8000-000000000000";

export const as = (name: string) => ({ cookie: `hindsight_name=${encodeURIComponent(name)}` });

export async function newIncident(title = "DNS errors during rollouts"): Promise<string> {
  const res = await call(incidents.POST, { method: "POST", json: { title } });
  if (res.status !== 201) throw new Error(`could not create an incident: ${res.status}`);
  return res.data.id as string;
}

type Opts = { headers?: Record<string, string> };

export const api = {
  listHypotheses: (id: string) => call(hypotheses.GET, { path: `/api/incidents/${id}/hypotheses`, params: { id } }),
  createHypothesis: (id: string, json: unknown, o: Opts = {}) =>
    call(hypotheses.POST, { method: "POST", params: { id }, json, ...o }),
  getHypothesis: (id: string, hid: string) => call(hypothesis.GET, { params: { id, hid } }),
  patchHypothesis: (id: string, hid: string, json: unknown, o: Opts = {}) =>
    call(hypothesis.PATCH, { method: "PATCH", params: { id, hid }, json, ...o }),
  deleteHypothesis: (id: string, hid: string) => call(hypothesis.DELETE, { method: "DELETE", params: { id, hid } }),
  listAnnotations: (id: string, query = "") =>
    call(annotations.GET, { path: `/api/incidents/${id}/annotations${query}`, params: { id } }),
  createAnnotation: (id: string, json: unknown, o: Opts = {}) =>
    call(annotations.POST, { method: "POST", params: { id }, json, ...o }),
  patchAnnotation: (id: string, aid: string, json: unknown) =>
    call(annotation.PATCH, { method: "PATCH", params: { id, aid }, json }),
  deleteAnnotation: (id: string, aid: string) => call(annotation.DELETE, { method: "DELETE", params: { id, aid } }),
};

export const paths = (details: Array<{ path: string }>) => details.map((d) => d.path);
