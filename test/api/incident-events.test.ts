// The incident event stream, read the way a browser's EventSource reads it: every change made
// through the API or by ingest and the detectors arrives as an event on the incident's own
// stream, and on no other.
import path from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import * as eventsRoute from "@/app/api/incidents/[id]/events/route";
import * as hypothesisRoute from "@/app/api/incidents/[id]/hypotheses/[hid]/route";
import * as hypothesesRoute from "@/app/api/incidents/[id]/hypotheses/route";
import * as markerRoute from "@/app/api/incidents/[id]/markers/[markerId]/route";
import * as markersRoute from "@/app/api/incidents/[id]/markers/route";
import * as uploadRoute from "@/app/api/uploads/[id]/route";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

const FLOW_LOG = path.resolve("lib/parsers/fixtures/aws-v2.log");

type Frame = { event: string; data: Record<string, unknown> };

/** Opens the stream and parses its frames as they come. */
async function openStream(incidentId: string) {
  const abort = new AbortController();
  const req = new NextRequest(new URL(`/api/incidents/${incidentId}/events`, "http://localhost"), { signal: abort.signal });
  const res = await eventsRoute.GET(req, { params: Promise.resolve({ id: incidentId }) });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const frames: Frame[] = [];
  let buffered = "";
  let ended = false;
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffered.indexOf("\n\n")) >= 0) {
        const raw = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = /^event: (.+)$/m.exec(raw)?.[1];
        const data = /^data: (.+)$/m.exec(raw)?.[1];
        if (event && data) frames.push({ event, data: JSON.parse(data) });
      }
    }
    ended = true;
  })();
  async function waitFor(match: (f: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = frames.find(match);
      if (found) return found;
      if (Date.now() > until) throw new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(frames)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return { res, frames, waitFor, close: async () => (abort.abort(), await pump.catch(() => {}), ended) };
}

const change = (topic: string, extra: Record<string, unknown> = {}) => (f: Frame) =>
  f.event === "change" && f.data.topic === topic && Object.entries(extra).every(([k, v]) => f.data[k] === v);

describe("GET /api/incidents/:id/events", () => {
  it("is an event stream that says when it is listening", async () => {
    const id = await newIncident("events: ready");
    const stream = await openStream(id);
    expect(stream.res.status).toBe(200);
    expect(stream.res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    await stream.waitFor((f) => f.event === "ready");
    expect(await stream.close()).toBe(true);
  });

  it("announces markers, hypotheses, an upload's progress and landing, the detectors' run, and the upload's deletion", async () => {
    const id = await newIncident("events: changes");
    const stream = await openStream(id);
    await stream.waitFor((f) => f.event === "ready");

    const marker = await call(markersRoute.POST, { method: "POST", path: `/api/incidents/${id}/markers`, params: { id }, json: { ts: Date.UTC(2026, 0, 1), kind: "deploy", label: "v2" } });
    expect(marker.status).toBe(201);
    await stream.waitFor(change("markers"));

    const hypothesis = await call(hypothesesRoute.POST, { method: "POST", path: `/api/incidents/${id}/hypotheses`, params: { id }, json: { title: "It is DNS" } });
    expect(hypothesis.status).toBe(201);
    await stream.waitFor(change("hypotheses"));
    // A write on one item (its own route, not the incident's collection) is announced too.
    const hid = hypothesis.data.id as string;
    const patched = await call(hypothesisRoute.PATCH, { method: "PATCH", path: `/api/incidents/${id}/hypotheses/${hid}`, params: { id, hid }, json: { status: "refuted", reason: "answers were fast" } });
    expect(patched.status).toBe(200);
    await stream.waitFor((f) => f.event === "change" && f.data.topic === "hypotheses" && stream.frames.filter((x) => x.data.topic === "hypotheses").length >= 2);
    const markerId = marker.data.id as string;
    expect((await call(markerRoute.DELETE, { method: "DELETE", path: `/api/incidents/${id}/markers/${markerId}`, params: { id, markerId } })).status).toBe(204);
    await stream.waitFor(() => stream.frames.filter((x) => x.data.topic === "markers").length >= 2);

    const upload = await uploadFiles(id, [FLOW_LOG]);
    expect(upload.status).toBe(201);
    const uploadId = upload.data.uploads[0].id as string;
    await stream.waitFor(change("uploads", { id: uploadId, state: "ingesting" }));
    const landed = await stream.waitFor(change("uploads", { id: uploadId, state: "finished" }));
    expect(landed.data.rowsParsed).toBe(upload.data.uploads[0].rowsParsed);
    expect(landed.data.family).toBe("flows");
    await stream.waitFor(change("findings", { state: "done" }));

    const removed = await call(uploadRoute.DELETE, { method: "DELETE", path: `/api/uploads/${uploadId}`, params: { id: uploadId } });
    expect(removed.status).toBe(204);
    await stream.waitFor(change("uploads", { id: uploadId, state: "deleted", family: "flows" }));
    await stream.close();
  });

  it("carries only its own incident's changes, and nothing for a refused write", async () => {
    const mine = await newIncident("events: mine");
    const other = await newIncident("events: other");
    const stream = await openStream(mine);
    await stream.waitFor((f) => f.event === "ready");

    await call(markersRoute.POST, { method: "POST", path: `/api/incidents/${other}/markers`, params: { id: other }, json: { ts: Date.UTC(2026, 0, 1), kind: "deploy", label: "elsewhere" } });
    const refused = await call(markersRoute.POST, { method: "POST", path: `/api/incidents/${mine}/markers`, params: { id: mine }, json: { ts: "not a time", kind: "deploy", label: "bad" } });
    expect(refused.status).toBe(400);
    // A later change of its own arrives; the earlier ones did not.
    await call(hypothesesRoute.POST, { method: "POST", path: `/api/incidents/${mine}/hypotheses`, params: { id: mine }, json: { title: "mine" } });
    await stream.waitFor(change("hypotheses"));
    expect(stream.frames.filter((f) => f.event === "change")).toEqual([{ event: "change", data: { incidentId: mine, topic: "hypotheses" } }]);
    await stream.close();
  });

  it("answers 404 for an incident that does not exist", async () => {
    const res = await call(eventsRoute.GET, { path: "/api/incidents/00000000-0000-4000-8000-000000000000/events", params: { id: "00000000-0000-4000-8000-000000000000" } });
    expect(res.status).toBe(404);
    expect(res.data.error.code).toBe("not_found");
  });
});
