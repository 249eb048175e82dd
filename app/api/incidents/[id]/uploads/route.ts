import { route, ZIdParams } from "@/lib/api/handler";
import { getIncident } from "@/lib/incidents/incidents";
import { ingestFiles } from "@/lib/ingest/ingest-upload";
import { receiveMultipart } from "@/lib/ingest/receive-multipart";
import { ZUploadFields } from "@/lib/schemas/upload";
import { listUploads } from "@/lib/uploads/uploads";
import { uploadResponse } from "@/lib/uploads/upload-response";

export const dynamic = "force-dynamic";
export const maxDuration = 3600;

export const GET = route(async (_req, { params }) => {
  await getIncident(params.id);
  return { uploads: await listUploads(params.id) };
}, ZIdParams);

export const POST = route(async (req, { params }) => {
  await getIncident(params.id);
  const { files, fields } = await receiveMultipart(req);
  const uploads = await ingestFiles(params.id, files, ZUploadFields.parse(fields));
  return uploadResponse(uploads);
}, ZIdParams);

