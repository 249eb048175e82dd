// Helpers for tests of queued uploads: wait for one to end, as a client polling the API would.
import * as uploadRoute from "@/app/api/uploads/[id]/route";
import { call } from "../http";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls GET /api/uploads/:id until the upload is ready or failed. */
export async function settledUpload(id: string, timeoutMs = 90_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await call(uploadRoute.GET, { params: { id } });
    if (res.status !== 200) throw new Error(`GET /api/uploads/${id}: ${res.status} ${JSON.stringify(res.data)}`);
    if (res.data.status === "ready" || res.data.status === "failed") return res.data;
    if (Date.now() > until) throw new Error(`upload ${id} still ${res.data.status} after ${timeoutMs} ms`);
    await sleep(100);
  }
}
