// The findings API around the detectors: runs after uploads without blocking them, status while
// running, dismiss and accept, and what happens to findings when evidence is added or removed.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import * as findingsRoute from "@/app/api/incidents/[id]/findings/route";
import * as acceptRoute from "@/app/api/incidents/[id]/findings/[findingId]/accept/route";
import * as dismissRoute from "@/app/api/incidents/[id]/findings/[findingId]/dismiss/route";
import * as uploadRoute from "@/app/api/uploads/[id]/route";
import type { TFinding } from "@/lib/schemas/finding";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";
import { findings, of, sampled, T0, upload, writeFlowLog, writePrometheus } from "./evidence";

const post = (route: typeof acceptRoute, id: string, findingId: string) =>
  call(route.POST, { method: "POST", path: `/api/incidents/${id}/findings/${findingId}/x`, params: { id, findingId } });

describe("findings API", () => {
  let incident: string;
  let flowsFile: string;
  let flowsUpload: string;
  let storm: TFinding;

  beforeAll(async () => {
    incident = await newIncident("findings api");
    flowsFile = (await writeFlowLog("api-storm.log", {
      rows: 300 * 300 + 300 * 60, startSec: T0, seed: 5, flowsPerSec: 300,
      storm: { dst: "10.0.99.42", fromSec: T0 + 120, toSec: T0 + 180, synsPerSec: 300, dstPort: 50051 },
    })).path;
  });

  it("returns from the upload at once and reports the detectors running, then idle with findings", async () => {
    const res = await uploadFiles(incident, [flowsFile]);
    expect(res.status).toBe(201);
    flowsUpload = res.data.uploads[0].id;
    const now = await call(findingsRoute.GET, { params: { id: incident } });
    expect(now.status).toBe(200);
    expect(now.data).toMatchObject({ status: "running", lastRunAt: null, findings: [] });

    const done = await findings(incident);
    expect(done.status).toBe("idle");
    expect(done.lastRunAt).toEqual(expect.any(Number));
    expect(done.findings.map((f) => f.detector)).toEqual(["syn-storm"]);
    storm = done.findings[0]!;
    expect(Object.keys(storm).sort()).toEqual(
      ["acceptedAt", "confidence", "createdAt", "detector", "dismissedAt", "evidence", "explanation", "from", "id", "severity", "stance", "title", "to", "updatedAt"],
    );
    expect(storm).toMatchObject({ acceptedAt: null, dismissedAt: null, severity: "critical" });
  });

  it("accepts and dismisses a finding; a dismissed one is listed only on request", async () => {
    const accepted = await post(acceptRoute, incident, storm.id);
    expect(accepted.status).toBe(200);
    expect(accepted.data.acceptedAt).toEqual(expect.any(Number));
    const dismissed = await post(dismissRoute, incident, storm.id);
    expect(dismissed.status).toBe(200);
    expect(dismissed.data).toMatchObject({ id: storm.id, dismissedAt: expect.any(Number), acceptedAt: accepted.data.acceptedAt });
    expect((await findings(incident)).findings).toEqual([]);
    expect((await findings(incident, "?includeDismissed=1")).findings.map((f) => f.id)).toEqual([storm.id]);
  });

  it("recomputes when evidence is added, keeping the dismissal and the id", async () => {
    const before = (await findings(incident)).lastRunAt!;
    let dropped = 0;
    const metrics = writePrometheus("api-conntrack.prom", [
      { name: "node_nf_conntrack_entries", labels: { instance: "n1" }, points: sampled(600, 15, (t) => (t >= (T0 + 120) * 1000 && t < (T0 + 180) * 1000 ? 60_000 : 13_000)) },
      { name: "node_ethtool_conntrack_allowance_exceeded", labels: { instance: "n1" }, points: sampled(600, 15, (t) => (dropped += t > (T0 + 150) * 1000 && t <= (T0 + 180) * 1000 ? 10 : 0)) },
    ]);
    const [metricsUpload] = await upload(incident, [metrics]);
    const after = await findings(incident, "?includeDismissed=1");
    expect(after.lastRunAt!).toBeGreaterThan(before);
    expect(of(after.findings, "conntrack-pressure")).toHaveLength(2);
    expect(of(after.findings, "syn-storm")).toMatchObject([{ id: storm.id, dismissedAt: expect.any(Number), acceptedAt: expect.any(Number) }]);

    // Removing the metrics removes their findings.
    expect((await call(uploadRoute.DELETE, { method: "DELETE", params: { id: metricsUpload!.id } })).status).toBe(204);
    expect(of((await findings(incident, "?includeDismissed=1")).findings, "conntrack-pressure")).toEqual([]);
  });

  it("remembers a dismissal when the evidence goes away and comes back", async () => {
    expect((await call(uploadRoute.DELETE, { method: "DELETE", params: { id: flowsUpload } })).status).toBe(204);
    const gone = await findings(incident, "?includeDismissed=1");
    expect(gone.findings.map((f) => f.id)).toEqual([storm.id]); // no longer supported, but its dismissal is kept
    await upload(incident, [flowsFile]);
    expect((await findings(incident)).findings).toEqual([]);
    const back = (await findings(incident, "?includeDismissed=1")).findings;
    expect(back).toMatchObject([{ id: storm.id, detector: "syn-storm", dismissedAt: expect.any(Number) }]);
    expect(back[0]!.updatedAt).toBeGreaterThan(gone.findings[0]!.updatedAt); // found again by the new run
  });

  it("answers 404 for unknown incidents and findings, and for a finding of another incident", async () => {
    const other = await newIncident("other");
    expect((await post(dismissRoute, other, storm.id)).status).toBe(404);
    expect((await post(acceptRoute, incident, randomUUID())).status).toBe(404);
    expect((await post(acceptRoute, incident, "not-an-id")).status).toBe(404);
    expect((await call(findingsRoute.GET, { params: { id: randomUUID() } })).status).toBe(404);
    expect((await call(findingsRoute.GET, { params: { id: incident }, path: "/?includeDismissed=maybe" })).status).toBe(400);
  });
});
