import type { NextRequest } from "next/server";

/** Query parameters as a plain object for zod (a repeated key keeps its last value). */
export const searchParamsObject = (req: NextRequest): Record<string, string> => Object.fromEntries(req.nextUrl.searchParams);
