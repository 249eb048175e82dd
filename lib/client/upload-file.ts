// Sends one file as multipart/form-data with XMLHttpRequest, the only browser API that reports
// upload progress. Resolves with the server's JSON body and status.
export interface UploadAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export function uploadFile(
  url: string,
  file: File,
  fields: Record<string, string>,
  onProgress: (sent: number, total: number) => void,
): { promise: Promise<UploadAnswer>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<UploadAnswer>((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append("file", file, file.name);
    xhr.open("POST", url);
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.response });
    xhr.onerror = () => reject(new Error("The connection to the server was lost during the upload."));
    xhr.onabort = () => reject(new Error("Upload cancelled."));
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
