// Pages are refused for host names that are not this machine's, like the API (whose handler wrapper
// checks the same): see lib/api/request-origin.ts. API routes are left out here because a proxy
// buffers request bodies, and uploads are streamed.
import { NextResponse, type NextRequest } from "next/server";
import { toErrorResponse } from "@/lib/route/handler";
import { foreignHostRefusal } from "@/lib/api/request-origin";

export function proxy(req: NextRequest) {
  const refusal = foreignHostRefusal(req);
  return refusal ? toErrorResponse(refusal) : NextResponse.next();
}

export const config = { matcher: "/((?!api/|_next/static|_next/image).*)" };
