import { searchParamsObject } from "@/lib/api/query";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { ZPageQuery } from "@/lib/schemas/page";
import { ingestFiles } from "@/lib/ingest/ingest-upload";
import { withReceivedFiles } from "@/lib/ingest/receive-multipart";
import { ZUploadFields } from "@/lib/schemas/upload";
import { listUploads } from "@/lib/uploads/uploads";
import { uploadResponse } from "@/lib/uploads/upload-response";

export const dynamic = "force-dynamic";
export const maxDuration = 3600;

export const GET = incidentRoute(async (req, { incident }) => listUploads(incident.id, ZPageQuery.parse(searchParamsObject(req))));

export const POST = incidentRoute(async (req, { incident }) => {
  const uploads = await withReceivedFiles(req, (files, fields) => ingestFiles(incident.id, files, ZUploadFields.parse(fields)));
  return uploadResponse(uploads);
});

