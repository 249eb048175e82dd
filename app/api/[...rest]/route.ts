// Any /api path no route serves: a JSON 404 for every method, like the rest of the API, instead
// of Next's HTML page.
import { ApiError } from "@/lib/api/errors";
import { route } from "@/lib/route/handler";

export const dynamic = "force-dynamic";

const nothingHere = route(async (req) => {
  throw new ApiError("not_found", `No API route at ${req.method} ${req.nextUrl.pathname}; the routes are listed in docs/api.md.`, { path: req.nextUrl.pathname });
});

export const GET = nothingHere;
export const POST = nothingHere;
export const PUT = nothingHere;
export const PATCH = nothingHere;
export const DELETE = nothingHere;
