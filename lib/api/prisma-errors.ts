// Prisma's errors as API errors, in one place. The handler wrapper maps whatever reaches it; code
// that must react to a violation itself (a slug retry, a find-or-create) uses the predicate.
import { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "./errors";

type Violation = { kind: "unique" | "foreign_key" | "missing"; model: string | null; fields: string[] };

type AdapterCause = { kind?: string; constraint?: { fields?: string[] } };

/** What went wrong, from the engine's code or (raw queries through the pg adapter) the driver's. */
function violationOf(error: unknown): Violation | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return null;
  const meta = (error.meta ?? {}) as { modelName?: string; target?: unknown; driverAdapterError?: { cause?: AdapterCause } };
  const cause = meta.driverAdapterError?.cause;
  const kind =
    error.code === "P2002" || cause?.kind === "UniqueConstraintViolation" ? "unique"
    : error.code === "P2003" || cause?.kind === "ForeignKeyConstraintViolation" ? "foreign_key"
    : error.code === "P2025" ? "missing"
    : null;
  if (!kind) return null;
  const fields = Array.isArray(meta.target) ? (meta.target as string[]) : (cause?.constraint?.fields ?? []);
  return { kind, model: meta.modelName ?? null, fields };
}

/** A unique constraint was violated (on exactly `fields`, when given). */
export function isUniqueViolation(error: unknown, ...fields: string[]): boolean {
  const v = violationOf(error);
  return v?.kind === "unique" && (!fields.length || (v.fields.length === fields.length && fields.every((f) => v.fields.includes(f))));
}

type Values = Record<string, unknown>;

/**
 * Unique constraints clients run into in normal use, by model and columns (the pg adapter names
 * columns, not Prisma fields), with the code they answer with; `values` are what the write tried
 * to store, when the caller passes them.
 */
const UNIQUE: Record<string, (values: Values) => ApiError> = {
  "Incident.ticket": ({ ticket }) =>
    new ApiError("ticket_taken", ticket ? `Another incident already references ticket ${ticket}.` : "Another incident already references this ticket.", { ticket }),
};

const words = (model: string) => model.replace(/(?<=[a-z])(?=[A-Z])/g, " ").toLowerCase();

/** The API error for a Prisma error: a unique violation → 409, a missing row or reference → 404; else null. */
export function fromPrismaError(error: unknown, values: Values = {}): ApiError | null {
  const v = violationOf(error);
  if (!v) return null;
  if (v.kind === "unique") {
    const known = UNIQUE[`${v.model}.${[...v.fields].sort().join(",")}`];
    if (known) return known(values);
    const what = v.model ? `A ${words(v.model)}` : "Something";
    return new ApiError("duplicate", `${what} with the same ${v.fields.join(", ") || "key"} already exists.`, { fields: v.fields });
  }
  // Every foreign key cascades or nulls on delete, so a violation means a write referred to a row
  // that does not exist (typically deleted meanwhile).
  if (v.kind === "foreign_key") return new ApiError("not_found", "Something this refers to does not exist (it may have just been deleted).");
  return new ApiError("not_found", `That ${v.model ? words(v.model) : "record"} does not exist (it may have just been deleted).`);
}

/** For `.catch()` on a write: rethrows a Prisma error as its API error, which can then name `values`. */
export const asApiError =
  (values: Values = {}) =>
  (error: unknown): never => {
    throw fromPrismaError(error, values) ?? error;
  };
