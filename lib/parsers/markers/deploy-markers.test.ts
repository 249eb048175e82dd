import { describe, expect, it } from "vitest";
import { createDeployMarkersCsvParser, createDeployMarkersJsonParser } from "./deploy-markers";
import { at, fixture, runMarkers } from "./test-support";

describe("deploy-marker convention", () => {
  it("reads the CSV exactly (offsets, epoch s and ms, quoted commas)", () => {
    const out = runMarkers(createDeployMarkersCsvParser, fixture("deploy-markers.csv"));
    expect(out.markers).toEqual([
      {
        ts: at("06:10:00"),
        endTs: at("06:14:30"),
        kind: "deploy",
        label: "deploy coredns 1.11.3",
        source: "argo",
        object: "prod/coredns",
        message: "bump coredns, max_concurrent 1000 · by ci-bot · https://ci.example.com/pipelines/8812",
      },
      {
        ts: at("06:14:58"),
        endTs: at("06:15:34"),
        kind: "deploy",
        label: "deploy web 2.14.1",
        source: "argo",
        object: "prod/web",
        message: "grpc: one channel per backend IP, max_reconnect_backoff_ms=300 · by ci-bot · https://ci.example.com/pipelines/8815",
      },
      { ts: at("06:25:00"), endTs: null, kind: "config", label: "config node-local-dns", source: "kubectl", object: "prod/node-local-dns", message: "max_concurrent 1000 -> 2000 · by alice" },
      {
        ts: at("06:35:00"),
        endTs: null,
        kind: "incident_note",
        label: "incident_note web",
        source: "manual",
        object: "prod/web",
        message: "SYN storm to deleted pod IPs continues after the rollout · by bob",
      },
      { ts: at("06:50:00.250"), endTs: at("06:52:10"), kind: "rollback", label: "rollback web 2.14.0", source: "kubectl", object: "prod/web", message: "by alice" },
    ]);
    expect([...out.warns, ...out.rejects]).toEqual([]);
  });

  it("gives the same result fed byte by byte", () => {
    for (const name of ["deploy-markers.csv", "markers-simple.csv"]) {
      expect(runMarkers(createDeployMarkersCsvParser, fixture(name), 1)).toEqual(runMarkers(createDeployMarkersCsvParser, fixture(name)));
    }
  });

  it("reads JSON Lines exactly", () => {
    const out = runMarkers(createDeployMarkersJsonParser, fixture("deploy-markers.jsonl"));
    expect(out.markers).toEqual([
      {
        ts: at("07:00:00"),
        endTs: at("07:04:10"),
        kind: "infra",
        label: "infra hadoop-ptr-report",
        source: "airflow",
        object: "prod/hadoop-ptr-report",
        message: "hourly reverse lookups for 104.16.0.0/12 · https://airflow.example.com/dags/ptr_report/runs/2024-06-10T07",
      },
      { ts: at("07:00:00"), endTs: null, kind: "feature_flag", label: "feature_flag resolver ptr-cache=on", source: "manual", object: "prod/resolver", message: "by carol" },
      {
        ts: at("08:00:00"),
        endTs: at("08:03:55"),
        kind: "infra",
        label: "infra hadoop-ptr-report",
        source: "airflow",
        object: "prod/hadoop-ptr-report",
        message: "hourly reverse lookups for 104.16.0.0/12",
      },
    ]);
    expect([...out.warns, ...out.rejects]).toEqual([]);
  });

  it("reads the simpler time,end,label,kind columns as a JSON array and as CSV", () => {
    const json = runMarkers(createDeployMarkersJsonParser, fixture("deploy-markers-array.json"));
    expect(json.markers).toEqual([
      { ts: at("06:13:20"), endTs: null, kind: "restart", label: "resolv.conf rewritten on resolver-1 (reboot)", source: null, object: null, message: null },
      { ts: at("06:30:00"), endTs: at("06:35:00"), kind: "marker", label: "dnsmasq forwarding loop resolver-1 <-> resolver-2", source: null, object: null, message: null },
    ]);
    const csv = runMarkers(createDeployMarkersCsvParser, fixture("markers-simple.csv"));
    expect(csv.markers).toEqual([
      { ts: at("06:15:00"), endTs: at("06:17:10"), kind: "deploy", label: "web rollout, 3 pods", source: null, object: null, message: null },
      { ts: at("06:16:05"), endTs: null, kind: "marker", label: "node-local-dns max_concurrent hit (1000)", source: null, object: null, message: null },
    ]);
    expect([...json.warns, ...json.rejects, ...csv.warns, ...csv.rejects]).toEqual([]);
  });

  it("answers broken rows precisely and warns about assumptions once", () => {
    const csv = [
      "ts,end_ts,kind,service,ticket",
      "2024-06-10T06:15:00Z,2024-06-10T06:10:00Z,deploy,web,T-1",
      ",,deploy,web,T-2",
      "2024-06-10 06:15:00,,deploy,web,T-3",
      "2024-06-10 06:16:00,,restart,web,T-4",
      "2024-06-10T06:17:00Z,,,web,T-5",
      "86400,,deploy,web,T-6",
      "2024-06-10T06:18:00Z,,deploy,web",
    ].join("\n");
    const out = runMarkers(createDeployMarkersCsvParser, csv);
    expect(out.markers.map((m) => [m.ts, m.kind])).toEqual([
      [at("06:15:00"), "deploy"],
      [at("06:16:00"), "restart"],
    ]);
    expect(out.rejects).toEqual([
      { line: 2, message: "end_ts 2024-06-10T06:10:00Z is before ts 2024-06-10T06:15:00Z" },
      { line: 3, message: "no ts" },
      { line: 6, message: "no kind" },
      { line: 7, message: expect.stringContaining("ts: ambiguous epoch 86400") },
      { line: 8, message: "row has 4 fields, the header has 5" },
    ]);
    expect(out.warns).toEqual([
      { line: 1, message: "column(s) ticket not part of the marker convention; ignored" },
      { line: 4, message: 'no UTC offset in "2024-06-10 06:15:00"; assumed UTC (further records not repeated)' },
      { line: 5, message: 'kind "restart" is not one of deploy, rollback, config, scale, feature_flag, infra, incident_note; kept as written' },
    ]);
    expect(runMarkers(createDeployMarkersCsvParser, "when,what\n1,2\n").rejects).toEqual([
      { line: 1, message: "header needs a ts/time column and kind + service (or label) columns" },
    ]);
  });

  it("answers broken JSON records", () => {
    const out = runMarkers(
      (sink) => createDeployMarkersJsonParser(sink, { zoneOffsetMinutes: 120 }),
      '{"ts":"2024-06-10 08:15:00","kind":"deploy","service":"web"}\n"deploy"\n{"ts":"2024-06-10T06:15:00Z","kind":"deploy"}\n{"ts":\n',
    );
    expect(out.markers.map((m) => m.ts)).toEqual([at("06:15:00")]);
    expect(out.warns).toEqual([]);
    expect(out.rejects).toEqual([
      { line: 4, message: "not valid JSON: value is never closed; skipped to the next line" },
      { line: 2, message: "not a JSON object" },
      { line: 3, message: "neither service nor label" },
    ]);
  });
});
