import { NextResponse } from "next/server";
import { route } from "@/lib/route/handler";
import { handleUploadRequest } from "@/lib/ingest/upload-request";
import { auditIncident } from "@/lib/request-scope";
import { ZTicketUploadFields, ZTicketUrlImport } from "@/lib/schemas/upload";
import type { TIncident } from "@/lib/schemas/incident";
import { findOrCreateTicketIncident, requireTicketSecret, ZTicketKey } from "@/lib/tickets/ticket-incident";
import { acceptedResponse, uploadResponse } from "@/lib/uploads/upload-response";

export const dynamic = "force-dynamic";
export const maxDuration = 3600;

/** Like the incident uploads (files or a URL, now or queued), plus an optional `title` for a newly created incident. */
export const POST = route(async (req, { params, identity }) => {
  if (identity.kind === "local") requireTicketSecret(req); // with sign-in, the access policy has checked the credential
  let found: { incident: TIncident; created: boolean } | null = null;
  const { uploads, accepted } = await handleUploadRequest(req, {
    incident: async ({ title }) => {
      found = await findOrCreateTicketIncident(params.key, title);
      auditIncident(found.incident.id);
      return found.incident.id;
    },
    defaultSource: `ticket:${params.key}`,
    schemas: { fields: ZTicketUploadFields, url: ZTicketUrlImport },
  });
  const { incident, created } = found!;
  const summary = { incident: { id: incident.id, title: incident.title, ticket: incident.ticket, created } };
  if (accepted) return acceptedResponse(uploads, summary);
  const res = uploadResponse(uploads);
  const body = await res.json();
  return NextResponse.json({ ...summary, ...body }, { status: res.status });
}, ZTicketKey);
