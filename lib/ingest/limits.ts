// How much one upload may bring. The defaults leave room for the evidence of a real incident (an
// hour of a busy VPC's flow logs is gigabytes, a capture per minute is hundreds of files) and stop
// what is no evidence at all: a body without end, a gzip bomb, an export of a million series.
// Each is configurable by environment; a wrong value stops the upload with a message naming it.
import { z } from "zod";

const GiB = 1024 ** 3;

/** Below this much decompressed content the compression ratio is not checked: small files may compress very well. */
export const RATIO_FLOOR_BYTES = 256 * 1024 ** 2;

const SETTINGS = {
  maxUploadBytes: { env: "HINDSIGHT_MAX_UPLOAD_BYTES", fallback: 32 * GiB },
  maxDecompressedBytes: { env: "HINDSIGHT_MAX_DECOMPRESSED_BYTES", fallback: 256 * GiB },
  maxCompressionRatio: { env: "HINDSIGHT_MAX_COMPRESSION_RATIO", fallback: 200 },
  maxSeriesPerUpload: { env: "HINDSIGHT_MAX_SERIES_PER_UPLOAD", fallback: 50_000 },
} as const;

export type UploadLimits = { -readonly [K in keyof typeof SETTINGS]: number };

const ZLimit = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Read at each upload, so a changed environment (or a test) takes effect without a restart. */
export function uploadLimits(env: Record<string, string | undefined> = process.env): UploadLimits {
  const limits = {} as UploadLimits;
  for (const [key, { env: name, fallback }] of Object.entries(SETTINGS) as Array<[keyof UploadLimits, (typeof SETTINGS)[keyof UploadLimits]]>) {
    const raw = env[name];
    if (raw === undefined || raw === "") {
      limits[key] = fallback;
      continue;
    }
    const parsed = ZLimit.safeParse(raw);
    if (!parsed.success) throw new Error(`${name}=${JSON.stringify(raw)} is not a positive whole number.`);
    limits[key] = parsed.data;
  }
  return limits;
}
