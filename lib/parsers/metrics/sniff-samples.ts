// Shared by the sniff tests: every fixture with the format kind that must claim it, and samples of
// other evidence (flow logs, captures, packet summaries, logs) that no metric or marker format may claim.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const OWNER: Record<string, string> = {
  "prometheus-api-matrix.json": "prometheus-api-json",
  "prometheus-api-vector.json": "prometheus-api-json",
  "openmetrics.txt": "prometheus-text",
  "prometheus-text.txt": "prometheus-text",
  "datadog-query.json": "datadog-query-json",
  "datadog-export.csv": "datadog-csv",
  "cloudwatch-get-metric-data.json": "cloudwatch-get-metric-data",
  "cloudwatch-get-metric-statistics.json": "cloudwatch-get-metric-statistics",
  "grafana-joined.csv": "grafana-csv",
  "grafana-series.csv": "grafana-csv",
  "influx.lp": "influx-line-protocol",
  "metrics.csv": "metrics-csv",
  "unbound-stats.txt": "unbound-stats",
  "k8s-events-list.json": "k8s-events",
  "k8s-event-single.json": "k8s-events",
  "k8s-events.jsonl": "k8s-events",
  "deploy-markers.csv": "deploy-markers-csv",
  "markers-simple.csv": "deploy-markers-csv",
  "deploy-markers.jsonl": "deploy-markers-json",
  "deploy-markers-array.json": "deploy-markers-json",
};

export interface SniffSample {
  name: string;
  /** The format kind that must claim it; null for foreign evidence. */
  owner: string | null;
  bytes: Uint8Array;
}

export function fixtureSamples(): SniffSample[] {
  const dirs = [path.join(import.meta.dirname, "fixtures"), path.join(import.meta.dirname, "..", "markers", "fixtures")];
  return dirs.flatMap((dir) =>
    readdirSync(dir).map((name) => {
      const owner = OWNER[name];
      if (owner === undefined) throw new Error(`fixture ${name} has no expected format`);
      return { name, owner, bytes: readFileSync(path.join(dir, name)) };
    }),
  );
}

const text = (s: string) => Buffer.from(s);

export const FOREIGN_SAMPLES: SniffSample[] = [
  {
    name: "AWS flow log (S3 text)",
    bytes: text(
      "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n" +
        "2 123456789012 eni-0a1b2c3d4e5f60718 10.0.4.12 10.0.5.31 49152 8080 6 1 60 1718000000 1718000060 REJECT OK\n",
    ),
  },
  {
    name: "Athena flow-log CSV",
    bytes: text(
      '"version","account_id","interface_id","srcaddr","dstaddr","srcport","dstport","protocol","packets","bytes","start","end","action","log_status","tcp_flags"\n' +
        '"2","123456789012","eni-0a1b2c3d4e5f60718","10.0.4.12","10.0.5.31","49152","8080","6","1","60","1718000000","1718000060","ACCEPT","OK","2"\n',
    ),
  },
  {
    name: "flow-log CSV with time and value-like columns",
    bytes: text("time,srcaddr,dstaddr,packets,bytes,label\n2024-06-10T06:13:20Z,10.0.4.12,10.0.5.31,1,60,syn\n"),
  },
  { name: "CloudWatch Logs Insights CSV", bytes: text("@timestamp,@message\n2024-06-10 06:13:20.000,2 123456789012 eni-0a1b2c3d 10.0.4.12 10.0.5.31 49152 8080 6 1 60 1718000000 1718000060 REJECT OK\n") },
  {
    name: "GCP flow log JSON",
    bytes: text(
      '{"insertId":"1x2y3z","jsonPayload":{"connection":{"src_ip":"10.0.4.12","dest_ip":"10.0.5.31","protocol":6,"src_port":49152,"dest_port":8080},"start_time":"2024-06-10T06:13:20.123456789Z","end_time":"2024-06-10T06:13:25Z","bytes_sent":"60","packets_sent":"1","reporter":"SRC"},"logName":"projects/p/logs/compute.googleapis.com%2Fvpc_flows","timestamp":"2024-06-10T06:13:30Z"}\n',
    ),
  },
  {
    name: "Kubernetes audit log line",
    bytes: text(
      '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"5b6c7d8e-0000-4000-8000-000000000001","stage":"ResponseComplete","requestURI":"/apis/apps/v1/namespaces/prod/deployments/web","verb":"patch","user":{"username":"alice"},"objectRef":{"resource":"deployments","namespace":"prod","name":"web"},"requestReceivedTimestamp":"2024-06-10T06:14:57.901234Z","stageTimestamp":"2024-06-10T06:14:57.951234Z"}\n',
    ),
  },
  { name: "tcpdump -tt", bytes: text("1718000000.123456 IP 10.0.4.12.53211 > 169.254.169.253.53: 41337+ A? db.prod.svc.cluster.local. (43)\n") },
  { name: "tshark CSV", bytes: text("frame.time_epoch,ip.src,ip.dst,tcp.flags,dns.qry.name\n1718000000.123456789,10.0.4.12,169.254.169.253,0x0002,\n") },
  { name: "Zeek dns.log", bytes: text("#separator \\x09\n#set_separator\t,\n#fields\tts\tuid\tid.orig_h\n#types\ttime\tstring\taddr\n1718000000.123456\tCx1\t10.0.4.12\n") },
  { name: "logfmt", bytes: text('ts=2024-06-10T06:13:20Z level=info msg="dns lookup" rtt=8.2\nts=2024-06-10T06:13:21Z level=warn msg="timeout" rtt=5000\n') },
  { name: "pcap (µs, little-endian)", bytes: Uint8Array.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0, 0x80, 0x4b, 0x66, 0x66, 0, 0, 0, 0]) },
  { name: "pcapng", bytes: Uint8Array.from([0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1c, 0, 0, 0]) },
  { name: "gzip", bytes: Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03, 0x4b, 0x4c, 0x4a, 0x06, 0x00]) },
  { name: "empty", bytes: new Uint8Array() },
].map((s) => ({ ...s, owner: null }));
