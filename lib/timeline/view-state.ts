// The timeline view as one plain, serializable object — range, time zone, panels and the focused
// annotation or hypothesis — and its URL codec. The URL is the source of truth on the incident page; permalinks store the same object.
// Parsing never throws: anything invalid falls back to a default, unknown panels are dropped.
import { z } from "zod";
import { ADDRESS_RE, FLOW_GROUPS, FLOW_METRICS, METRIC_AGGS } from "@/lib/schemas/series";
import { PANEL_ID_RE } from "@/lib/schemas/panel-id";
import { ZTime } from "@/lib/schemas/time";
import { BASELINE_SHIFTS, ZBaselineShift, type TBaselineShift } from "@/lib/schemas/top-talkers";

export type TRange = { from: number; to: number };
export type TZone = "utc" | "local";
/** What a shared view points at: an annotation (`focus=a:<id>`) or a hypothesis (`focus=h:<id>`). */
export type TFocus = { kind: "annotation" | "hypothesis"; id: string };
/**
 * What the incident is compared with: the same window shifted back (`baseline=-1h`), or a chosen
 * "normal" range (`baseline=<from>..<to>`, epoch ms). Panels draw it as a muted overlay.
 */
export type TBaseline = { shift: TBaselineShift } | { from: number; to: number };

export const PANEL_TYPES = ["flows", "packets", "dns", "metric"] as const;
export type TPanelType = (typeof PANEL_TYPES)[number];

export { PANEL_ID_RE };
const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]{0,99}$/;
const FOCUS_RE = /^([ah]):([0-9a-fA-F-]{36})$/;
const MAX_PANELS = 24;

const shared = {
  id: z.string().regex(PANEL_ID_RE),
  collapsed: z.boolean().catch(false),
  /** Series keys switched off in the legend. */
  hidden: z.array(z.string().min(1).max(300)).max(200).catch([]),
};
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const ZFlowsPanel = z.object({
  ...shared,
  type: z.literal("flows"),
  options: z
    .object({ groupBy: z.enum(FLOW_GROUPS).catch("flag"), metric: z.enum(FLOW_METRICS).catch("flows") })
    .catch({ groupBy: "flag", metric: "flows" }),
  filters: z
    .object({
      src: optional(z.string().trim().regex(ADDRESS_RE)),
      dst: optional(z.string().trim().regex(ADDRESS_RE)),
      port: optional(z.coerce.number().int().min(0).max(65535)),
      iface: optional(z.string().trim().min(1).max(64)),
    })
    .catch({}),
});
export const ZPacketsPanel = z.object({ ...shared, type: z.literal("packets"), options: z.object({}).catch({}), filters: z.object({}).catch({}) });
export const ZDnsPanel = z.object({
  ...shared,
  type: z.literal("dns"),
  options: z.object({ scale: z.enum(["log", "linear"]).catch("log") }).catch({ scale: "log" }),
  /** One client, resolver, name, type or rcode (a top-talkers row); none: every transaction. */
  filters: z
    .object({
      client: optional(z.string().trim().regex(ADDRESS_RE)),
      resolver: optional(z.string().trim().regex(ADDRESS_RE)),
      qname: optional(z.string().trim().min(1).max(255)),
      qtype: optional(z.coerce.number().int().min(0).max(65535)),
      rcode: optional(z.coerce.number().int().min(0).max(4095)),
    })
    .catch({}),
});
export const ZMetricPanel = z.object({
  ...shared,
  type: z.literal("metric"),
  options: z
    .object({ name: z.string().trim().min(1).max(300).nullable().catch(null), agg: z.enum(METRIC_AGGS).catch("avg") })
    .catch({ name: null, agg: "avg" }),
  filters: z
    .object({ labels: z.record(z.string().regex(LABEL_NAME_RE), z.string().max(300)).catch({}) })
    .catch({ labels: {} }),
});
export const ZPanel = z.discriminatedUnion("type", [ZFlowsPanel, ZPacketsPanel, ZDnsPanel, ZMetricPanel]);
export type TPanel = z.infer<typeof ZPanel>;
export type TFlowsPanel = z.infer<typeof ZFlowsPanel>;
export type TPacketsPanel = z.infer<typeof ZPacketsPanel>;
export type TDnsPanel = z.infer<typeof ZDnsPanel>;
export type TMetricPanel = z.infer<typeof ZMetricPanel>;

export const ZRange = z
  .object({ from: ZTime, to: ZTime })
  .refine((r) => r.to > r.from, "`to` must be after `from`");

/** The whole view. `range: null` = the incident's evidence range; `panels: null` = automatic layout. */
export const ZView = z.object({
  range: ZRange.nullable().catch(null),
  tz: z.enum(["utc", "local"]).catch("utc"),
  panels: z
    .array(z.unknown())
    .max(MAX_PANELS)
    .transform((list) => dedupe(list.flatMap((p) => {
      const parsed = ZPanel.safeParse(p);
      return parsed.success ? [parsed.data] : [];
    })))
    .nullable()
    .catch(null),
  focus: z.object({ kind: z.enum(["annotation", "hypothesis"]), id: z.uuid() }).nullable().catch(null),
  baseline: z
    .union([z.object({ shift: ZBaselineShift }), z.object({ from: ZTime, to: ZTime }).refine((r) => r.to > r.from)])
    .nullable()
    .optional()
    .transform((b) => b ?? null)
    .catch(null),
});
export type TView = { range: TRange | null; tz: TZone; panels: TPanel[] | null; focus: TFocus | null; baseline: TBaseline | null };

export const DEFAULT_VIEW: TView = { range: null, tz: "utc", panels: null, focus: null, baseline: null };

const BASELINE_RANGE_RE = /^(\d{1,16})\.\.(\d{1,16})$/;

export function parseBaseline(value: string | null): TBaseline | null {
  if (value === null) return null;
  if (value in BASELINE_SHIFTS) return { shift: value as TBaselineShift };
  const m = BASELINE_RANGE_RE.exec(value);
  const from = m ? Number(m[1]) : NaN;
  const to = m ? Number(m[2]) : NaN;
  return to > from ? { from, to } : null;
}

export const baselineParam = (b: TBaseline) => ("shift" in b ? b.shift : `${Math.round(b.from)}..${Math.round(b.to)}`);

/** The baseline's range for a view range: the shifted window, or the chosen one as it is. */
export function baselineRange(b: TBaseline, range: TRange): TRange {
  if ("shift" in b) return { from: range.from + BASELINE_SHIFTS[b.shift], to: range.to + BASELINE_SHIFTS[b.shift] };
  return { from: b.from, to: b.to };
}

export function parseFocus(value: string | null): TFocus | null {
  const m = value ? FOCUS_RE.exec(value) : null;
  return m ? { kind: m[1] === "a" ? "annotation" : "hypothesis", id: m[2]!.toLowerCase() } : null;
}

const focusParam = (f: TFocus) => `${f.kind === "annotation" ? "a" : "h"}:${f.id}`;

export const panelType = (id: string): TPanelType | null => (PANEL_ID_RE.exec(id)?.[1] as TPanelType | undefined) ?? null;

function dedupe(panels: TPanel[]): TPanel[] {
  const seen = new Set<string>();
  return panels.filter((p) => !seen.has(p.id) && seen.add(p.id));
}

function parseTime(value: string | null): number | null {
  if (value === null) return null;
  const parsed = ZTime.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** A panel's raw fields from `<id>.<key>` parameters, before validation. */
function rawPanel(id: string, type: TPanelType, params: URLSearchParams): unknown {
  const get = (key: string) => params.get(`${id}.${key}`) ?? undefined;
  const base = { id, type, collapsed: get("collapsed") === "1", hidden: [...new Set(params.getAll(`${id}.hide`).filter(Boolean))] };
  switch (type) {
    case "flows":
      return { ...base, options: { groupBy: get("group"), metric: get("metric") }, filters: { src: get("src"), dst: get("dst"), port: get("port"), iface: get("if") } };
    case "dns":
      return { ...base, options: { scale: get("scale") }, filters: { client: get("client"), resolver: get("resolver"), qname: get("qname"), qtype: get("qtype"), rcode: get("rcode") } };
    case "metric": {
      const labels: Record<string, string> = {};
      const prefix = `${id}.l.`;
      for (const [key, value] of params) if (key.startsWith(prefix) && LABEL_NAME_RE.test(key.slice(prefix.length))) labels[key.slice(prefix.length)] = value;
      return { ...base, options: { name: get("name") ?? null, agg: get("agg") }, filters: { labels } };
    }
    default:
      return { ...base, options: {}, filters: {} };
  }
}

export function parseView(input: URLSearchParams | string): TView {
  const params = typeof input === "string" ? new URLSearchParams(input) : input;
  const from = parseTime(params.get("from"));
  const to = parseTime(params.get("to"));
  const list = params.get("panels");
  const panels =
    list === null
      ? null
      : dedupe(
          list
            .split(",")
            .map((s) => s.trim())
            .flatMap((id) => {
              const type = panelType(id);
              const parsed = type ? ZPanel.safeParse(rawPanel(id, type, params)) : null;
              return parsed?.success ? [parsed.data] : [];
            }),
        ).slice(0, MAX_PANELS);
  return {
    range: from !== null && to !== null && to > from ? { from, to } : null,
    tz: params.get("tz") === "local" ? "local" : "utc",
    panels,
    focus: parseFocus(params.get("focus")),
    baseline: parseBaseline(params.get("baseline")),
  };
}

/** Parameters the view owns; everything else in a URL is kept as it is. */
export const isViewParam = (key: string) =>
  ["from", "to", "tz", "panels", "focus", "baseline"].includes(key) || (key.includes(".") && PANEL_ID_RE.test(key.slice(0, key.indexOf("."))));

function panelPairs(p: TPanel): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const put = (key: string, value: string | number | undefined | null) => value !== undefined && value !== null && out.push([`${p.id}.${key}`, String(value)]);
  if (p.collapsed) put("collapsed", 1);
  if (p.type === "flows") {
    if (p.options.groupBy !== "flag") put("group", p.options.groupBy);
    if (p.options.metric !== "flows") put("metric", p.options.metric);
    put("src", p.filters.src);
    put("dst", p.filters.dst);
    put("port", p.filters.port);
    put("if", p.filters.iface);
  } else if (p.type === "dns") {
    if (p.options.scale !== "log") put("scale", p.options.scale);
    put("client", p.filters.client);
    put("resolver", p.filters.resolver);
    put("qname", p.filters.qname);
    put("qtype", p.filters.qtype);
    put("rcode", p.filters.rcode);
  } else if (p.type === "metric") {
    put("name", p.options.name);
    if (p.options.agg !== "avg") put("agg", p.options.agg);
    for (const [label, value] of Object.entries(p.filters.labels).sort(([a], [b]) => a.localeCompare(b))) put(`l.${label}`, value);
  }
  for (const key of p.hidden) put("hide", key);
  return out;
}

/** `,` `/` `:` `@` are legal in a query string; leaving them readable keeps URLs hand-editable. */
const encode = (s: string) => encodeURIComponent(s).replace(/%2C/g, ",").replace(/%2F/g, "/").replace(/%3A/g, ":").replace(/%40/g, "@");

/** The query string (without `?`) for a view; parameters of `keep` the view does not own are kept. */
export function serializeView(view: TView, keep?: URLSearchParams | string): string {
  const pairs: Array<[string, string]> = [];
  if (view.range) pairs.push(["from", String(Math.round(view.range.from))], ["to", String(Math.round(view.range.to))]);
  if (view.tz === "local") pairs.push(["tz", "local"]);
  if (view.panels) {
    pairs.push(["panels", view.panels.map((p) => p.id).join(",")]);
    for (const p of view.panels) pairs.push(...panelPairs(p));
  }
  if (view.focus) pairs.push(["focus", focusParam(view.focus)]);
  if (view.baseline) pairs.push(["baseline", baselineParam(view.baseline)]);
  for (const [key, value] of new URLSearchParams(keep ?? "")) if (!isViewParam(key)) pairs.push([key, value]);
  return pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join("&");
}

export const sameView = (a: TView, b: TView) => serializeView(a) === serializeView(b);
