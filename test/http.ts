// Calls App Router route handlers in-process with real Requests, the way Next invokes them.
import { NextRequest } from "next/server";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function call(
  handler: Handler,
  init: { method?: string; path?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string>; params?: Record<string, string> } = {},
) {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = typeof init.json === "string" ? init.json : JSON.stringify(init.json);
  }
  const req = new NextRequest(new URL(init.path ?? "/", "http://localhost"), {
    method: init.method ?? "GET",
    headers,
    body,
    ...(body ? { duplex: "half" } : {}),
  } as ConstructorParameters<typeof NextRequest>[1]);
  const res = await handler(req, { params: Promise.resolve(init.params ?? {}) });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const data: any = text ? JSON.parse(text) : null;
  return { status: res.status, data, headers: res.headers };
}
