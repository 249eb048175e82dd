import { NextResponse } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { route } from "@/lib/route/handler";
import { ingestFiles } from "@/lib/ingest/ingest-upload";
import { withReceivedFiles } from "@/lib/ingest/receive-multipart";
import { auditIncident } from "@/lib/request-scope";
import { ZTicketUploadFields } from "@/lib/schemas/upload";
import { findOrCreateTicketIncident, requireTicketSecret, ZTicketKey } from "@/lib/tickets/ticket-incident";
import { uploadResponse } from "@/lib/uploads/upload-response";

export const dynamic = "force-dynamic";
export const maxDuration = 3600;

/** Multipart like the incident uploads, plus an optional `title` for a newly created incident. */
export const POST = route(async (req, { params, identity }) => {
  if (identity.kind === "local") requireTicketSecret(req); // with sign-in, the access policy has checked the credential
  const { incident, created, uploads } = await withReceivedFiles(req, async (files, fields) => {
    if (!files.length) throw new ApiError("no_files", 'Attach at least one file in a multipart part named "file".');
    const { title, ...parsed } = ZTicketUploadFields.parse(fields);
    const { incident, created } = await findOrCreateTicketIncident(params.key, title);
    auditIncident(incident.id);
    const uploads = await ingestFiles(incident.id, files, { ...parsed, source: parsed.source ?? `ticket:${params.key}` });
    return { incident, created, uploads };
  });
  const res = uploadResponse(uploads);
  const body = await res.json();
  return NextResponse.json({ incident: { id: incident.id, title: incident.title, ticket: incident.ticket, created }, ...body }, { status: res.status });
}, ZTicketKey);
