import { searchParamsObject } from "@/lib/api/query";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { ZPageQuery } from "@/lib/schemas/page";
import { handleUploadRequest } from "@/lib/ingest/upload-request";
import { listUploads } from "@/lib/uploads/uploads";
import { acceptedResponse, uploadResponse } from "@/lib/uploads/upload-response";

export const dynamic = "force-dynamic";
export const maxDuration = 3600;

export const GET = incidentRoute(async (req, { incident }) => listUploads(incident.id, ZPageQuery.parse(searchParamsObject(req))));

/** Files (multipart) or an import by URL (JSON or a multipart `url` field); `Prefer: respond-async` → 202 queued. */
export const POST = incidentRoute(async (req, { incident }) => {
  const { uploads, accepted } = await handleUploadRequest(req, { incident: async () => incident.id });
  return accepted ? acceptedResponse(uploads) : uploadResponse(uploads);
});
