// Domain errors that the handler wrapper turns into `{error: {code, message, details}}` answers.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const notFound = (what: string, id: string) => new ApiError(404, "not_found", `${what} ${id} does not exist.`, { id });

export const badRequest = (message: string, details?: unknown) => new ApiError(400, "bad_request", message, details);

export type TErrorBody = { error: { code: string; message: string; details?: unknown } };
