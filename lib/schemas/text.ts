import { z } from "zod";

/**
 * Text as PostgreSQL and every reader can hold it: no NUL byte (text and jsonb reject it, which
 * would turn bad input into a server error) and well-formed Unicode (no lone surrogate). Chain
 * trim/min/max after it as on z.string().
 */
export const zText = () =>
  z
    .string()
    .refine((s) => !s.includes("\u0000"), "must not contain a NUL byte")
    .refine((s) => s.isWellFormed(), "must be valid Unicode text");
