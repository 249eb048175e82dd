// Domain errors that the handler wrapper turns into `{error: {code, message, details}}` answers.
// The codes are part of the HTTP API: this list is closed, and each code always answers with
// the same status.
export const ERROR_CODES = {
  bad_request: 400,
  validation_failed: 400,
  invalid_json: 400,
  bad_range: 400,
  unknown_kind: 400,
  no_files: 400,
  bad_multipart: 400,
  upload_interrupted: 400,
  url_not_allowed: 400,
  unauthorized: 401,
  forbidden: 403,
  cross_origin: 403,
  host_not_allowed: 403,
  not_found: 404,
  unknown_metric: 404,
  conflict: 409,
  duplicate: 409,
  ticket_taken: 409,
  marker_from_upload: 409,
  upload_in_progress: 409,
  upload_too_large: 413,
  decompressed_too_large: 413,
  multipart_required: 415,
  unsupported_format: 422,
  ingest_failed: 422,
  url_fetch_failed: 422,
  rate_limited: 429,
  internal: 500,
  slug_exhausted: 503,
  query_timeout: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_CODES;
export type ErrorStatus = (typeof ERROR_CODES)[ErrorCode];

export class ApiError extends Error {
  readonly status: ErrorStatus;
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = ERROR_CODES[code];
    this.details = details;
  }
}

export const notFound = (what: string, id: string) => new ApiError("not_found", `${what} ${id} does not exist.`, { id });

export const badRequest = (message: string, details?: unknown) => new ApiError("bad_request", message, details);

/** Input that parses but breaks a rule across fields; `details` lists `{path, message}` like zod's. */
export const validationFailed = (message: string, details: Array<{ path: string; message: string }>) => new ApiError("validation_failed", message, details);

/** Someone else changed the resource since the client read it; `details` carries the current version. */
export const conflict = (message: string, details: unknown) => new ApiError("conflict", message, details);

export type TErrorBody = { error: { code: ErrorCode; message: string; details?: unknown } };
