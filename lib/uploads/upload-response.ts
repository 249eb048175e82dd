import { NextResponse } from "next/server";
import { ERROR_CODES, type TErrorBody } from "@/lib/api/errors";
import type { TUpload } from "@/lib/schemas/upload";

/**
 * 201 when at least one file landed (or was a duplicate). When every file failed, 422 with the
 * usual error object, plus the per-file results (what was rejected and why).
 */
export function uploadResponse(uploads: TUpload[]) {
  if (uploads.some((u) => u.status !== "failed")) return NextResponse.json({ uploads }, { status: 201 });
  const message = uploads.map((u) => `${u.filename}: ${u.failure ?? "failed"}`).join(" ");
  const error: TErrorBody["error"] = { code: "ingest_failed", message, details: { uploads } };
  return NextResponse.json({ error, uploads }, { status: ERROR_CODES.ingest_failed });
}

/** Prefer: respond-async honoured (RFC 7240): what was sent is stored and queued; poll GET /api/uploads/:id. */
export function acceptedResponse(uploads: TUpload[], extra: Record<string, unknown> = {}) {
  return NextResponse.json({ ...extra, uploads }, { status: 202, headers: { "Preference-Applied": "respond-async" } });
}
