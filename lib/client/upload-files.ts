// Sends files as ONE multipart/form-data request with XMLHttpRequest, the only browser API that
// reports upload progress. One request matters: the server reads the captures of a request as one
// timeline (a query in one rotated file answered in the next is matched).
import { ZUploadAnswer, type TUploadAnswer } from "@/lib/schemas/upload";

export interface UploadAnswer {
  status: number;
  /** null when the body is not the JSON the upload API answers with. */
  body: TUploadAnswer | null;
}

export interface UploadCallbacks {
  /** Bytes of the whole body sent so far. */
  onProgress: (loaded: number, total: number) => void;
  /** Every byte is on the server, which now reads the files. */
  onSent: () => void;
}

export function uploadFiles(
  url: string,
  files: File[],
  fields: Record<string, string>,
  { onProgress, onSent }: UploadCallbacks,
): { promise: Promise<UploadAnswer>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const fileBytes = files.reduce((a, f) => a + f.size, 0);
  const promise = new Promise<UploadAnswer>((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const file of files) form.append("file", file, file.name);
    xhr.open("POST", url);
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : fileBytes);
    xhr.upload.onload = () => onSent();
    xhr.onload = () => {
      const parsed = ZUploadAnswer.safeParse(xhr.response);
      resolve({ status: xhr.status, body: parsed.success ? parsed.data : null });
    };
    xhr.onerror = () => reject(new Error("The connection to the server was lost."));
    xhr.onabort = () => reject(new DOMException("Upload cancelled.", "AbortError"));
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
