// What a POST …/uploads asks for: files (multipart `file` parts) or an import by URL (a JSON body
// `{url, headers?, filename?, kind?, …}`, or a multipart `url` field without file parts), ingested
// within the request (201 when done, as always) or, with `Prefer: respond-async` (RFC 7240),
// queued and answered 202 as soon as what was sent is stored.
import "server-only";
import type { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { ZUploadFields, ZUrlImport, type TUpload, type TUrlImport } from "@/lib/schemas/upload";
import { ingestFiles } from "./ingest-upload";
import { enqueueFiles, enqueueUrl, importUrlNow } from "./queued-ingest";
import { withReceivedFiles } from "./receive-multipart";

/** True when the request's Prefer header holds respond-async (among other preferences, any case). */
export function prefersAsync(req: Request): boolean {
  return (req.headers.get("prefer") ?? "").split(",").some((p) => p.split(";")[0]!.trim().toLowerCase() === "respond-async");
}

const isJson = (req: Request) => /^application\/(?:[\w.+-]+\+)?json\b/i.test(req.headers.get("content-type") ?? "");

type Extra = { title?: string };

export type UploadRequestOptions = {
  /** The incident the uploads go to (a ticket's is found or created here, once the input is valid). */
  incident: (extra: Extra) => Promise<string>;
  /** `source` when the request sends none. */
  defaultSource?: string;
  /** Also accept a `title` (ticket uploads: the title of an incident they create). */
  schemas?: { fields: z.ZodType<z.infer<typeof ZUploadFields> & Extra>; url: z.ZodType<TUrlImport & Extra> };
};

const PLAIN: NonNullable<UploadRequestOptions["schemas"]> = { fields: ZUploadFields, url: ZUrlImport };

export type UploadRequestResult = { uploads: TUpload[]; accepted: boolean; incidentId: string };

export async function handleUploadRequest(req: Request, options: UploadRequestOptions): Promise<UploadRequestResult> {
  const later = prefersAsync(req);
  const schemas = options.schemas ?? PLAIN;
  const fromUrl = async (body: TUrlImport & Extra): Promise<UploadRequestResult> => {
    const { title, ...rest } = body;
    const incidentId = await options.incident({ title });
    const input = { ...rest, source: rest.source ?? options.defaultSource };
    const upload = later ? await enqueueUrl(incidentId, input) : await importUrlNow(incidentId, input, req.signal);
    return { uploads: [upload], accepted: later, incidentId };
  };
  if (isJson(req)) {
    // A JSON body is an import by URL; anything else in JSON is still "not multipart", as it always was.
    const body: unknown = await req.json().catch(() => null);
    if (!body || typeof body !== "object" || !("url" in body)) {
      throw new ApiError("multipart_required", 'Send the evidence as multipart/form-data with one or more "file" parts, or JSON {"url": …} to import it from an address.');
    }
    return fromUrl(schemas.url.parse(body));
  }
  return withReceivedFiles(req, async (files, fields) => {
    if (fields.url !== undefined) {
      if (files.length) throw new ApiError("bad_request", "Send either file parts or a url, not both.");
      return fromUrl(schemas.url.parse(fields));
    }
    const { title, ...parsed } = schemas.fields.parse(fields);
    if (!files.length) throw new ApiError("no_files", 'Attach at least one file in a multipart part named "file".');
    const incidentId = await options.incident({ title });
    const input = { ...parsed, source: parsed.source ?? options.defaultSource };
    const uploads = later ? await enqueueFiles(incidentId, files, input) : await ingestFiles(incidentId, files, input);
    return { uploads, accepted: later, incidentId };
  });
}
