// A client that goes away halfway through an upload, or a received upload refused for one of its
// fields: a clear 4xx, nothing stored, and no temp file left behind in the blob store.
import { openAsBlob, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import * as uploads from "@/app/api/incidents/[id]/uploads/route";
import * as tickets from "@/app/api/tickets/[key]/uploads/route";
import { blobRoot } from "@/lib/evidence/blob-store";
import { call } from "../http";
import { newIncident, uploadFiles } from "../uploads";

const tempFiles = () => {
  try {
    return readdirSync(path.join(blobRoot(), "tmp"));
  } catch {
    return [];
  }
};

it("answers 400, stores nothing and leaves no temp file when the body breaks off", async () => {
  const incident = await newIncident("aborted upload");
  const before = tempFiles();
  const boundary = "----hindsight-abort";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="flows.log"\r\nContent-Type: text/plain\r\n\r\n`;
  const line = "2 123456789012 eni-0a1b2c3d 10.0.0.1 10.0.0.2 443 50000 6 10 840 1718000000 1718000060 ACCEPT OK\n";
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) controller.enqueue(new TextEncoder().encode(head));
      if (sent++ < 50) controller.enqueue(new TextEncoder().encode(line.repeat(200)));
      else controller.error(new Error("aborted"));
    },
  });
  const res = await call(uploads.POST, {
    method: "POST",
    path: `/api/incidents/${incident}/uploads`,
    params: { id: incident },
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    body,
  });
  expect(res.status).toBe(400);
  expect(res.data.error.code).toMatch(/^(bad_multipart|upload_interrupted)$/);
  expect(res.data.error.message).toContain("Nothing was stored");
  expect(tempFiles()).toEqual(before);
  const list = await call(uploads.GET, { params: { id: incident } });
  expect(list.data.uploads).toEqual([]);
});

it("leaves no temp file when a field of a received upload is refused", async () => {
  const incident = await newIncident("refused field");
  const before = tempFiles();
  const file = path.join(os.tmpdir(), `refused-field-${process.pid}.log`);
  writeFileSync(file, "version interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action tcp-flags log-status\n5 eni-1 10.0.1.5 10.0.42.17 40000 8080 6 1 60 1718000000 1718000001 ACCEPT 2 OK\n");
  const res = await uploadFiles(incident, [file], { kind: "k".repeat(65) });
  expect(res.status).toBe(400);
  expect(res.data.error.code).toBe("validation_failed");
  expect(tempFiles()).toEqual(before);

  const form = new FormData();
  form.append("title", "t".repeat(10_000));
  form.append("file", await openAsBlob(file), "flows.log");
  const body = new Response(form);
  const ticket = await call(tickets.POST, {
    method: "POST",
    params: { key: "OPS-REFUSED-1" },
    headers: { "content-type": body.headers.get("content-type")! },
    body: body.body as unknown as BodyInit,
  });
  expect(ticket.status).toBe(400);
  expect(tempFiles()).toEqual(before);
});
