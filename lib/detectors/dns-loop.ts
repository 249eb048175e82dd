// DNS forwarding loop (docs/incidents.md, incident 4): two resolvers forwarding to each other, so the
// same question (qname + qtype) goes A → B and straight back B → A. Resolvers are the addresses
// asked as DNS servers in the captures; a pair with queries both ways is checked question by
// question in time order: a bounce is the same question in the other direction within 2 s.
import { around, between, n } from "./describe";
import { qtypeName, resolvers } from "./dns-data";
import { clamp01 } from "./stats";
import type { DetectedFinding, Detector, DetectorContext } from "./types";

const BOUNCE_US = 2_000_000;
const MIN_BOUNCES = 10;

interface Bounces { count: number; first: number; last: number; questions: Map<string, number> }

async function bouncesOf(ctx: DetectorContext, a: string, b: string): Promise<Bounces> {
  const { rows } = await ctx.db.query<{ us: string; client: string; qname: string | null; qtype: number | null }>(
    `SELECT query_us AS us, host(client) AS client, qname, qtype FROM dns_transactions
      WHERE upload_id = ANY($1::uuid[]) AND ((client = $2::inet AND server = $3::inet) OR (client = $3::inet AND server = $2::inet))
      ORDER BY query_us LIMIT 500000`,
    [ctx.uploads.captures, a, b],
  );
  const seen = new Map<string, number>();
  const out: Bounces = { count: 0, first: Infinity, last: -Infinity, questions: new Map() };
  for (const r of rows) {
    const us = Number(r.us);
    const q = `${r.qname ?? "?"} ${qtypeName(r.qtype)}`;
    const dir = r.client === a ? ">" : "<";
    const other = seen.get(`${dir === ">" ? "<" : ">"}${q}`);
    if (other !== undefined && us - other <= BOUNCE_US) {
      out.count++;
      out.first = Math.min(out.first, other);
      out.last = Math.max(out.last, us);
      out.questions.set(q, (out.questions.get(q) ?? 0) + 1);
    }
    seen.set(`${dir}${q}`, us);
  }
  return out;
}

export const dnsLoop: Detector = {
  id: "dns-loop",
  needs: ["captures"],
  async detect(ctx) {
    const servers = await resolvers(ctx);
    if (servers.length < 2) return [];
    const { rows: edges } = await ctx.db.query<{ a: string; b: string; n: string }>(
      `SELECT host(client) AS a, host(server) AS b, n FROM (
         SELECT client, server, count(*) AS n FROM dns_transactions
          WHERE upload_id = ANY($1::uuid[]) AND client = ANY($2::inet[]) AND server = ANY($2::inet[]) AND client <> server GROUP BY 1, 2) t`,
      [ctx.uploads.captures, servers],
    );
    const count = new Map(edges.map((e) => [`${e.a}>${e.b}`, Number(e.n)]));
    const pairs = edges.filter((e) => e.a < e.b && Number(e.n) >= 5 && (count.get(`${e.b}>${e.a}`) ?? 0) >= 5).slice(0, 3);
    const found: DetectedFinding[] = [];
    for (const { a, b } of pairs) {
      const x = await bouncesOf(ctx, a, b);
      if (x.count < MIN_BOUNCES) continue;
      const from = Math.floor(x.first / 1000);
      const to = Math.floor(x.last / 1000) + 1000;
      const [topQ, topN] = [...x.questions].sort((p, q) => q[1] - p[1])[0]!;
      const ab = count.get(`${a}>${b}`)!;
      const ba = count.get(`${b}>${a}`)!;
      found.push({
        detector: "dns-loop", subject: `${a} <-> ${b}`, from, to,
        title: `DNS forwarding loop between ${a} and ${b}`,
        explanation:
          `${a} and ${b} forward queries to each other: ${n(x.count)} times a question went from one to the other and came straight back ` +
          `within 2 s ${between(from, to)} (${n(x.questions.size)} distinct questions; “${topQ}” bounced ${n(topN)} times). ` +
          `${a} sent ${n(ab)} queries to ${b} and ${b} sent ${n(ba)} back. Each looping query is multiplied until it times out — ` +
          `typical of a resolver whose upstream was rewritten to point at its peer (e.g. resolv.conf after a reboot).`,
        severity: x.count >= 100 ? "critical" : "warning",
        confidence: clamp01(0.6 + 0.1 * Math.log10(x.count)),
        evidence: {
          panel: "dns", query: around(from, to), subject: { kind: "resolver-pair", value: `${a} <-> ${b}`, port: 53 },
          facts: { bounces: x.count, questions: x.questions.size, topQuestion: topQ, [`${a} -> ${b}`]: ab, [`${b} -> ${a}`]: ba },
        },
      });
    }
    return found;
  },
};
