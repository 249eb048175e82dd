// Deterministic synthetic AWS VPC flow logs shaped like the "It wasn't DNS" incident: steady
// pod-to-pod, DNS and internet traffic on a dozen EKS nodes, plus an optional SYN storm (SYN-only
// flows from many client pods to one deleted pod IP). The expected per-minute counts ("truth") are
// tallied from the generator's own choices — never by classifying the emitted flags — so a test
// comparing them with parsed output fails when a parser gets a column wrong.
import { FLAG_CLASSES, type FlagClass } from "../flows/flag-class";

export interface SynStorm {
  /** The deleted pod IP the clients keep dialling. */
  dst: string;
  /** Epoch seconds, [fromSec, toSec). */
  fromSec: number;
  toSec: number;
  /** SYN-only flow records per second (each one a fresh connection attempt, 1–2 packets). */
  synsPerSec: number;
  dstPort?: number;
}

export interface VpcFlowLogOptions {
  version: 2 | 5;
  /** Data lines to produce (flows, gap rows and bad lines; the header is extra). */
  rows: number;
  /** Epoch seconds of the first record. */
  startSec: number;
  seed: number;
  /** Write the S3 header line first. Default true. */
  header?: boolean;
  /** Every n-th data line is corrupt (wrong field count, a non-numeric port or protocol). */
  badLineEvery?: number;
  /** Every n-th data line is a NODATA row (every fourth of those SKIPDATA). */
  nodataEvery?: number;
  /** Background flow records per second, ±20 %. Default 300. */
  flowsPerSec?: number;
  storm?: SynStorm;
}

export interface Tally {
  flows: number;
  packets: number;
  bytes: number;
}

export interface MinuteTruth {
  flag: Record<FlagClass, Tally>;
  action: Record<"ACCEPT" | "REJECT", Tally>;
  /** v5 only (v2 has no flow-direction field). */
  direction?: Record<"ingress" | "egress", Tally>;
}

export interface VpcFlowTruth {
  /** Data lines (excluding the header). */
  rows: number;
  flows: number;
  stormFlows: number;
  gaps: number;
  badLines: number;
  /** Keyed by epoch-minute milliseconds of the record's start. */
  minutes: Map<number, MinuteTruth>;
}

const V5_FIELDS = [
  "version", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes", "start",
  "end", "action", "tcp-flags", "pkt-srcaddr", "pkt-dstaddr", "flow-direction", "traffic-path", "log-status",
] as const;
const V2_FIELDS = [
  "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets",
  "bytes", "start", "end", "action", "log-status",
] as const;

const ACCOUNT = "111122223333";
const NODES = 12;
const PODS_PER_NODE = 20;

interface Flow {
  start: number;
  end: number;
  node: number;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  proto: number;
  packets: number;
  bytes: number;
  action: "ACCEPT" | "REJECT";
  flags: number;
  cls: FlagClass;
  dir: "ingress" | "egress";
  pktSrc: string;
  pktDst: string;
  path: string;
}

type Rng = () => number;

/** mulberry32: small, fast, good enough for synthetic traffic. */
function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

// Address strings are built once: the generator must keep up with multi-million-row files.
const NODE_IPS = Array.from({ length: NODES }, (_, n) => `10.0.${1 + (n % 3)}.${10 + n}`);
const POD_IPS = Array.from({ length: NODES }, (_, n) => Array.from({ length: PODS_PER_NODE }, (_, p) => `10.0.${32 + n}.${2 + p}`));
const ENIS = Array.from({ length: NODES }, (_, n) => `eni-0${(0x5f3a9c00 + n * 7919).toString(16)}c0ffee${n.toString(16).padStart(2, "0")}`);
const nodeIp = (n: number) => NODE_IPS[n]!;
const podIp = (n: number, p: number) => POD_IPS[n]![p]!;
const eni = (n: number) => ENIS[n]!;

// Background flow shapes: [weight, flag class, tcp-flags values, protocol].
const SHAPES: ReadonlyArray<readonly [number, FlagClass, readonly number[], number]> = [
  [22, "syn", [2, 3], 6], // client side of a new (or short) connection
  [18, "synack", [18, 19], 6],
  [24, "none", [0], 6], // established, only ACK/PSH in the window
  [10, "fin", [1, 17], 6],
  [3, "rst", [4, 20, 6], 6],
  [1, "other", [8, 16, 24], 6],
  [18, "none", [0], 17], // DNS
  [1, "none", [0], 1], // ICMP
];
const SHAPE_TOTAL = SHAPES.reduce((sum, s) => sum + s[0], 0);
const SERVICE_PORTS = [443, 8080, 50051, 5432, 6379];

function backgroundFlow(rng: Rng, sec: number): Flow {
  let r = rng() * SHAPE_TOTAL;
  let shape = SHAPES[0]!;
  for (const s of SHAPES) {
    shape = s;
    if ((r -= s[0]) < 0) break;
  }
  const [, cls, flagValues, proto] = shape;
  const node = int(rng, 0, NODES - 1);
  const dir = rng() < 0.5 ? "egress" : "ingress";
  const localPod = podIp(node, int(rng, 0, PODS_PER_NODE - 1));
  let remote: string;
  let path = "1";
  let dport = proto === 17 ? 53 : proto === 1 ? 0 : pick(rng, SERVICE_PORTS);
  let local = nodeIp(node);
  let pktLocal = localPod;
  if (proto === 17) remote = podIp(int(rng, 0, 1), 0); // CoreDNS pods
  else if (proto === 6 && rng() < 0.1) {
    path = "8";
    dport = 443;
    if (rng() < 0.2) {
      local = pktLocal = `2600:1f18:4a3:6a00:${(0x1000 + node).toString(16)}::${int(rng, 1, 0xffff).toString(16)}`;
      remote = `2001:db8:${int(rng, 1, 0xfff).toString(16)}::${int(rng, 1, 0xff).toString(16)}`;
    } else remote = `203.0.113.${int(rng, 1, 254)}`;
  } else remote = podIp(int(rng, 0, NODES - 1), int(rng, 0, PODS_PER_NODE - 1));
  const sport = proto === 1 ? 0 : int(rng, 32768, 60999);
  const packets = proto === 6 ? int(rng, 1, 2000) : int(rng, 1, 10);
  const bytes = packets * (proto === 6 ? int(rng, 52, 1500) : int(rng, 70, 512));
  const egress = dir === "egress";
  return {
    start: sec, end: sec + int(rng, 0, 59), node, sport, dport, proto, packets, bytes, cls, dir,
    src: egress ? local : remote, dst: egress ? remote : local,
    pktSrc: egress ? pktLocal : remote, pktDst: egress ? remote : pktLocal,
    action: rng() < 0.005 ? "REJECT" : "ACCEPT",
    flags: pick(rng, flagValues),
    path: egress ? path : "-",
  };
}

function stormFlow(rng: Rng, sec: number, storm: SynStorm): Flow {
  const node = int(rng, 0, NODES - 1);
  const packets = rng() < 0.8 ? 1 : 2;
  return {
    start: sec, end: sec + packets - 1, node, src: nodeIp(node), dst: storm.dst, sport: int(rng, 32768, 60999),
    dport: storm.dstPort ?? 8080, proto: 6, packets, bytes: packets * 60, action: "ACCEPT", flags: 2, cls: "syn",
    dir: "egress", pktSrc: podIp(node, int(rng, 0, PODS_PER_NODE - 1)), pktDst: storm.dst, path: "1",
  };
}

const v5Line = (f: Flow) =>
  `5 ${eni(f.node)} ${f.src} ${f.dst} ${f.sport} ${f.dport} ${f.proto} ${f.packets} ${f.bytes} ${f.start} ${f.end} ` +
  `${f.action} ${f.flags} ${f.pktSrc} ${f.pktDst} ${f.dir} ${f.path} OK`;
const v2Line = (f: Flow) =>
  `2 ${ACCOUNT} ${eni(f.node)} ${f.src} ${f.dst} ${f.sport} ${f.dport} ${f.proto} ${f.packets} ${f.bytes} ` +
  `${f.start} ${f.end} ${f.action} OK`;

/** Breaks a good line in one of three ways, in turn. */
function corrupt(line: string, which: number, version: 2 | 5): string {
  const t = line.split(" ");
  if (which === 0) return t.slice(0, 9).join(" ");
  t[version === 5 ? (which === 1 ? 4 : 6) : which === 1 ? 5 : 7] = which === 1 ? "abc" : "tcp";
  return t.join(" ");
}

const tally = (): Tally => ({ flows: 0, packets: 0, bytes: 0 });
function emptyMinute(v5: boolean): MinuteTruth {
  return {
    flag: Object.fromEntries(FLAG_CLASSES.map((c) => [c, tally()])) as Record<FlagClass, Tally>,
    action: { ACCEPT: tally(), REJECT: tally() },
    ...(v5 ? { direction: { ingress: tally(), egress: tally() } } : {}),
  };
}
function add(t: Tally, f: Flow): void {
  t.flows++;
  t.packets += f.packets;
  t.bytes += f.bytes;
}

/**
 * Lazy flow-log lines (header first unless `header: false`) and their truth. The truth is filled
 * while `lines` is iterated and is complete once it is exhausted; each new iteration starts over.
 */
export function generateVpcFlowLog(options: VpcFlowLogOptions): {
  lines: Iterable<string>;
  truth: VpcFlowTruth;
  fields: readonly string[];
} {
  const { version, rows, startSec, seed, header = true, badLineEvery = 0, nodataEvery = 0, storm } = options;
  const flowsPerSec = options.flowsPerSec ?? 300;
  const v5 = version === 5;
  const fields = v5 ? V5_FIELDS : V2_FIELDS;
  const truth: VpcFlowTruth = { rows: 0, flows: 0, stormFlows: 0, gaps: 0, badLines: 0, minutes: new Map() };

  function record(f: Flow): void {
    const minute = Math.floor(f.start / 60) * 60_000;
    let m = truth.minutes.get(minute);
    if (!m) truth.minutes.set(minute, (m = emptyMinute(v5)));
    add(m.flag[v5 ? f.cls : "none"], f);
    add(m.action[f.action], f);
    if (m.direction) add(m.direction[f.dir], f);
    truth.flows++;
  }

  function* run(): Generator<string> {
    Object.assign(truth, { rows: 0, flows: 0, stormFlows: 0, gaps: 0, badLines: 0 });
    truth.minutes.clear();
    const rng = mulberry32(seed);
    if (header) yield fields.join(" ");
    let stormCarry = 0;
    for (let sec = startSec; truth.rows < rows; sec++) {
      let stormLeft = 0;
      if (storm && sec >= storm.fromSec && sec < storm.toSec) {
        stormCarry += storm.synsPerSec;
        stormLeft = Math.floor(stormCarry);
        stormCarry -= stormLeft;
      }
      let backgroundLeft = Math.max(1, Math.round(flowsPerSec * (0.8 + 0.4 * rng())));
      while ((stormLeft > 0 || backgroundLeft > 0) && truth.rows < rows) {
        const n = ++truth.rows;
        const fromStorm = rng() * (stormLeft + backgroundLeft) < stormLeft;
        const f = fromStorm && storm ? stormFlow(rng, sec, storm) : backgroundFlow(rng, sec);
        if (fromStorm) stormLeft--;
        else backgroundLeft--;
        const line = v5 ? v5Line(f) : v2Line(f);
        if (badLineEvery > 0 && n % badLineEvery === 0) {
          yield corrupt(line, truth.badLines++ % 3, version);
        } else if (nodataEvery > 0 && n % nodataEvery === 0) {
          const status = truth.gaps++ % 4 === 3 ? "SKIPDATA" : "NODATA";
          yield v5
            ? `5 ${eni(f.node)} - - - - - - - ${sec} ${sec + 59} - - - - - - ${status}`
            : `2 ${ACCOUNT} ${eni(f.node)} - - - - - - - ${sec} ${sec + 59} - ${status}`;
        } else {
          if (fromStorm) truth.stormFlows++;
          record(f);
          yield line;
        }
      }
    }
  }

  return { lines: { [Symbol.iterator]: run }, truth, fields };
}
