import { eventHub, type TIncidentEvent } from "@/lib/events/incident-events";
import { incidentRoute } from "@/lib/incidents/incident-route";

export const dynamic = "force-dynamic";

/** Comment lines keep proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events for one incident: `ready` once listening, `change` with
 * `{topic, id?, state?, …}` for every change, `resync` when changes may have been missed (the
 * browser refetches everything). EventSource reconnects by itself after `retry` ms.
 */
export const GET = incidentRoute(async (req, { incident }) => {
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const event = (name: string, data: unknown) => send(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
      const unsubscribe = await eventHub().subscribe(
        incident.id,
        (e: TIncidentEvent) => event("change", e),
        () => event("resync", { at: Date.now() }),
      );
      const heartbeat = setInterval(() => send(": ping\n\n"), HEARTBEAT_MS);
      let stopped = false;
      stop = () => {
        if (stopped) return;
        stopped = true;
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      };
      req.signal.addEventListener("abort", stop, { once: true });
      send("retry: 3000\n\n");
      event("ready", { at: Date.now() });
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
});
