import { z } from "zod";
import { zText } from "./text";
import { AWS_FLOW_FIELDS, parseFlowFieldList } from "@/lib/flows/aws-flow-fields";
import { isTimeZone } from "@/lib/time-zone";

/** queued: waiting for a worker (Prefer: respond-async, imports by URL); ingesting: being read. */
export const UPLOAD_STATUSES = ["queued", "ingesting", "ready", "failed"] as const;

/** An upload as the API returns it (times in epoch ms). */
export type TUpload = {
  id: string;
  incidentId: string;
  filename: string;
  kind: string;
  status: (typeof UPLOAD_STATUSES)[number];
  size: number;
  sha256: string;
  rowsParsed: number;
  rowsRejected: number;
  timeRange: { from: number | null; to: number | null };
  errors: Array<{ line: number; message: string }>;
  source: string | null;
  failure: string | null;
  createdAt: number;
  finishedAt: number | null;
  duplicate: boolean;
  /**
   * Captures: every packet accounted for — decoded (up to IP: what the DNS and TCP numbers count)
   * or set aside with a reason; decoded + Σ setAside.count = total. Null for other evidence.
   */
  packets: { total: number; decoded: number; setAside: Array<{ reason: string; count: number }> } | null;
  /** Captures: the layers around the decoded packets' IP headers (VLAN, MPLS, VXLAN…); null for other evidence. */
  encapsulations: Array<{ name: string; count: number }> | null;
  progress?: { phase: string; bytesTotal: number; bytesRead: number; rowsParsed: number; rowsRejected: number };
  /** Flow logs: NODATA/SKIPDATA windows kept as coverage gaps, not counted in rowsParsed; null for other evidence. */
  gaps: number | null;
  /** Flow logs: the `fields` sent with the upload (normalised names), null when none were. */
  fields: string[] | null;
  /** Added to every time of the upload (its stored evidence is already shifted); signed ms. */
  clockOffsetMs: number;
  /** IANA zone its timestamps without an offset were read in; null: UTC. */
  timeZone: string | null;
  /** Imported by URL: where from (size and sha256 are 0 and zeros until it was fetched). */
  url?: string;
  /** An import refused before anything was stored (the error a synchronous import answers). */
  refusal?: { code: string; message: string; details?: unknown };
};

/** ±7 days: a clock further off than that is not a skew but evidence of another day. */
export const MAX_CLOCK_OFFSET_MS = 7 * 86_400_000;

/** A clock offset in whole milliseconds, as a JSON number or (a multipart field) its text. */
export const ZClockOffsetMs = z.union([z.number(), z.string().trim()]).transform((value, ctx) => {
  const ms = typeof value === "number" ? value : /^[+-]?\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(ms) || Math.abs(ms) > MAX_CLOCK_OFFSET_MS) {
    ctx.addIssue({ code: "custom", message: `clockOffsetMs must be whole milliseconds between -${MAX_CLOCK_OFFSET_MS} and ${MAX_CLOCK_OFFSET_MS} (7 days), e.g. -3200 (got ${JSON.stringify(value)})` });
    return z.NEVER;
  }
  return ms;
});

/** An IANA time zone name the server's tz database knows. */
export const ZTimeZone = zText().trim().transform((zone, ctx) => {
  if (isTimeZone(zone)) return zone;
  ctx.addIssue({ code: "custom", message: `timeZone ${JSON.stringify(zone.slice(0, 80))} is not an IANA time zone such as America/New_York, Europe/Berlin or UTC` });
  return z.NEVER;
});

/**
 * The layout of headerless AWS flow records: the format string (`${version} ${account-id} …`) or
 * names separated by spaces or commas; an unknown name is refused with the known ones in `known`.
 */
export const ZFlowFields = zText().trim().min(1).max(4000).transform((text, ctx) => {
  const parsed = parseFlowFieldList(text);
  if ("fields" in parsed) return parsed.fields;
  ctx.addIssue({
    code: "custom",
    message: `fields: ${parsed.problem}. Known field names: ${AWS_FLOW_FIELDS.join(" ")}`,
    params: { unknown: parsed.unknown, known: AWS_FLOW_FIELDS },
  });
  return z.NEVER;
});

/** Captures: the ports whose payload is DNS, "53,8053" or "53 8053" (at most 32; DNS elsewhere is still found by content). */
export const ZDnsPorts = z.string().trim().transform((text, ctx) => {
  const ports = text.split(/[\s,]+/).filter(Boolean).map(Number);
  if (ports.length === 0 || ports.length > 32 || ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) {
    ctx.addIssue({ code: "custom", message: `dnsPorts must be 1 to 32 port numbers (1-65535) separated by commas, e.g. 53,5353,8053 (got ${JSON.stringify(text)})` });
    return z.NEVER;
  }
  return [...new Set(ports)];
});

/** The non-file fields of a multipart upload. */
export const ZUploadFields = z.object({
  fields: ZFlowFields.optional(),
  kind: zText().trim().min(1).max(64).optional(),
  source: zText().trim().max(2000).optional(),
  clockOffsetMs: ZClockOffsetMs.optional(),
  timeZone: ZTimeZone.optional(),
  dnsPorts: ZDnsPorts.optional(),
});

/** PATCH /api/uploads/:id: a new clock offset and/or zone (null: UTC); the upload is re-read with them. */
export const ZUploadClockPatch = z.strictObject({
  clockOffsetMs: ZClockOffsetMs.optional(),
  timeZone: ZTimeZone.nullable().optional(),
});
export type TUploadClockPatch = z.infer<typeof ZUploadClockPatch>;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
/** Set by the fetch itself, or hop-by-hop: a request may not choose them. */
const RESERVED_HEADERS = new Set(["host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "proxy-authorization", "proxy-connection"]);

/** Request headers for an import by URL (e.g. Authorization), at most 50. */
export const ZUrlHeaders = z
  .record(z.string(), z.string().max(8192))
  .superRefine((headers, ctx) => {
    const names = Object.keys(headers);
    if (names.length > 50) ctx.addIssue({ code: "custom", message: `at most 50 headers (got ${names.length})` });
    for (const name of names) {
      if (!HEADER_NAME.test(name)) ctx.addIssue({ code: "custom", path: [name], message: `${JSON.stringify(name.slice(0, 100))} is not a header name` });
      else if (RESERVED_HEADERS.has(name.toLowerCase())) ctx.addIssue({ code: "custom", path: [name], message: `${name} is set by the fetch itself` });
      if (/[\r\n\0]/.test(headers[name]!)) ctx.addIssue({ code: "custom", path: [name], message: "a header value may not hold CR, LF or NUL" });
    }
  });

/** A multipart `headers` field: the same, as JSON text. */
const ZUrlHeadersText = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: "custom", message: 'headers must be a JSON object, e.g. {"Authorization": "Bearer …"}' });
    return z.NEVER;
  }
}).pipe(ZUrlHeaders);

/** Import by URL: a JSON body, or the fields of a multipart request without file parts. */
export const ZUrlImport = ZUploadFields.extend({
  url: zText().trim().min(1).max(8192),
  headers: z.union([ZUrlHeaders, ZUrlHeadersText]).optional(),
  filename: zText().trim().min(1).max(255).optional(),
});
export type TUrlImport = z.infer<typeof ZUrlImport>;

/** A ticket upload's fields: the same, plus the title of an incident it creates. */
export const ZTicketUploadFields = ZUploadFields.extend({
  title: zText().trim().max(200).optional(),
});

const count = z.number().int().nonnegative();

/** What the browser reads back: the same shape as TUpload, checked at compile time below. */
export const ZUpload = z.object({
  id: z.string(),
  incidentId: z.string(),
  filename: z.string(),
  kind: z.string(),
  status: z.enum(UPLOAD_STATUSES),
  size: count,
  sha256: z.string(),
  rowsParsed: count,
  rowsRejected: count,
  timeRange: z.object({ from: z.number().nullable(), to: z.number().nullable() }),
  errors: z.array(z.object({ line: z.number(), message: z.string() })),
  source: z.string().nullable(),
  failure: z.string().nullable(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  duplicate: z.boolean(),
  packets: z.object({ total: count, decoded: count, setAside: z.array(z.object({ reason: z.string(), count })) }).nullable(),
  encapsulations: z.array(z.object({ name: z.string(), count })).nullable(),
  progress: z.object({ phase: z.string(), bytesTotal: count, bytesRead: count, rowsParsed: count, rowsRejected: count }).optional(),
  gaps: count.nullable(),
  fields: z.array(z.string()).nullable(),
  clockOffsetMs: z.number(),
  timeZone: z.string().nullable(),
  url: z.string().optional(),
  refusal: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).optional(),
}) satisfies z.ZodType<TUpload>;

export const ZUploadList = z.object({ uploads: z.array(ZUpload) });

/**
 * The answer to POST …/uploads: per-file uploads when the files were read (201, or 422 when every
 * file failed), or only an error when the request was refused as a whole (nothing stored).
 */
export const ZUploadAnswer = z.object({
  uploads: z.array(ZUpload).optional(),
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).optional(),
});
export type TUploadAnswer = z.infer<typeof ZUploadAnswer>;

/** A ticket's import by URL: the same, plus the title of an incident it creates. */
export const ZTicketUrlImport = ZUrlImport.extend({
  title: zText().trim().max(200).optional(),
});
