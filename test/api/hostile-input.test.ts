// NUL bytes and out-of-range numbers in API input are the client's mistake: each answers 400
// validation_failed naming the field, never a 500.
import { beforeAll, describe, expect, it } from "vitest";
import * as incidents from "@/app/api/incidents/route";
import * as incident from "@/app/api/incidents/[id]/route";
import * as activity from "@/app/api/incidents/[id]/activity/route";
import * as annotations from "@/app/api/incidents/[id]/annotations/route";
import * as markers from "@/app/api/incidents/[id]/markers/route";
import * as postmortem from "@/app/api/incidents/[id]/postmortem/route";
import * as series from "@/app/api/incidents/[id]/series/[kind]/route";
import { call } from "../http";
import { newIncident } from "../uploads";

let id = "";
beforeAll(async () => {
  id = await newIncident("hostile input");
});

const expect400 = (res: { status: number; data: { error?: { code: string } } }) => {
  expect(res.status).toBe(400);
  expect(res.data.error?.code).toBe("validation_failed");
};

describe("bodies", () => {
  it.each([
    ["an incident title with NUL", () => call(incidents.POST, { method: "POST", json: { title: "SYN\u0000storm" } })],
    ["windowFrom 1e300", () => call(incident.PATCH, { method: "PATCH", params: { id }, json: { windowFrom: 1e300 } })],
    ["a marker at 8.64e15", () => call(markers.POST, { method: "POST", params: { id }, json: { ts: 8.64e15, label: "rollout" } })],
    ["an annotation with NUL", () => call(annotations.POST, { method: "POST", params: { id }, json: { from: 1718000000000, to: 1718000060000, text: "bad\u0000note" } })],
    ["a postmortem with NUL", () => call(postmortem.PUT, { method: "PUT", params: { id }, json: { markdown: "# Root\u0000cause", baseRevision: 0 } })],
    ["a title with a lone surrogate", () => call(incidents.POST, { method: "POST", json: { title: "bad \ud800 text" } })],
  ])("%s", async (_name, send) => expect400(await send()));
});

describe("query strings", () => {
  const get = (handler: typeof series.GET, path: string, params: Record<string, string>) => call(handler, { path, params });
  it.each([
    ["?q=%00", () => call(incidents.GET, { path: "/api/incidents?q=%00" })],
    ["from=99999999999999999999", () => get(series.GET, `/x?from=99999999999999999999&to=1718000060000`, { id, kind: "flows" })],
    ["step=99999999999999999999", () => get(series.GET, `/x?from=1718000000000&to=1718000060000&step=99999999999999999999`, { id, kind: "flows" })],
    ["name=%00", () => get(series.GET, `/x?name=%00`, { id, kind: "metrics" })],
    ["interface=%00", () => get(series.GET, `/x?interface=%00`, { id, kind: "flows" })],
    ["since=8640000000000001", () => get(activity.GET, `/x?since=8640000000000001`, { id })],
  ])("%s", async (_name, send) => expect400(await send()));
});
