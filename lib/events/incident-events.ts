// Changes to an incident, pushed to the pages that have it open. Writers publish through
// Postgres NOTIFY, so a change made by any process on the same database (a web server, a script,
// a future worker) reaches every subscriber, and a NOTIFY sent inside a transaction is only
// delivered once that transaction commits: nothing partial is announced.
import "server-only";
import pg from "pg";
import { z } from "zod";
import { db } from "@/lib/db";
import { EVIDENCE_FAMILIES } from "@/lib/schemas/evidence-family";

const CHANNEL = "hindsight_incident_events";

export const INCIDENT_TOPICS = ["incident", "uploads", "findings", "markers", "hypotheses", "annotations", "postmortem"] as const;
export type TIncidentTopic = (typeof INCIDENT_TOPICS)[number];

const ZIncidentEvent = z.object({
  incidentId: z.string(),
  topic: z.enum(INCIDENT_TOPICS),
  /** The row that changed, when there is one (an upload id, a marker id…). */
  id: z.string().optional(),
  /** Uploads: the status or ingest phase it reached; findings: "running" or "done". */
  state: z.string().optional(),
  /** Uploads, with state "finished": the status it ended in (ready or failed). */
  status: z.string().optional(),
  rowsParsed: z.number().optional(),
  bytesRead: z.number().optional(),
  bytesTotal: z.number().optional(),
  /** Uploads: flows, captures, metrics or markers, so a page refetches only those panels. */
  family: z.enum(EVIDENCE_FAMILIES).optional(),
});
export type TIncidentEvent = z.infer<typeof ZIncidentEvent>;

type Queryable = { query: (text: string, values?: unknown[]) => Promise<unknown> };

/**
 * Announces a change. Pass the transaction's client to announce it on commit; without one it goes
 * out at once. Never throws: a lost announcement costs a page a refetch, not the write.
 */
export async function publishIncidentEvent(event: TIncidentEvent, via: Queryable = db.pool): Promise<void> {
  try {
    await via.query("SELECT pg_notify($1, $2)", [CHANNEL, JSON.stringify(event)]);
  } catch (error) {
    console.error("[events] could not publish:", (error as Error).message);
  }
}

type Listener = (event: TIncidentEvent) => void;

/** One LISTEN connection per process, shared by every open stream; reopened when it drops. */
class EventHub {
  private listeners = new Map<string, Set<Listener>>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  /** Called with no event when the connection was lost and reopened: changes may have been missed. */
  private resync = new Set<() => void>();

  async subscribe(incidentId: string, listener: Listener, onResync: () => void): Promise<() => void> {
    const set = this.listeners.get(incidentId) ?? new Set();
    set.add(listener);
    this.listeners.set(incidentId, set);
    this.resync.add(onResync);
    await this.connect();
    return () => {
      set.delete(listener);
      if (!set.size) this.listeners.delete(incidentId);
      this.resync.delete(onResync);
      if (!this.listeners.size) this.close();
    };
  }

  private connect(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      client.on("notification", (msg) => this.deliver(msg.payload));
      client.on("error", () => this.lost(client));
      client.on("end", () => this.lost(client));
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
    })().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private deliver(payload: string | undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload ?? "");
    } catch {
      return;
    }
    const event = ZIncidentEvent.safeParse(parsed);
    if (!event.success) return;
    for (const listener of this.listeners.get(event.data.incidentId) ?? []) listener(event.data);
  }

  private lost(client: pg.Client) {
    if (this.client !== client) return;
    this.client = null;
    this.reconnectLater();
  }

  private reconnectLater() {
    if (!this.listeners.size || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.listeners.size) return;
      this.connect().then(
        () => this.resync.forEach((f) => f()),
        () => this.reconnectLater(),
      );
    }, 1000);
  }

  private close() {
    const client = this.client;
    this.client = null;
    if (client) void client.end().catch(() => {});
  }
}

const globalHub = globalThis as unknown as { hindsightEventHub?: EventHub };
export const eventHub = () => (globalHub.hindsightEventHub ??= new EventHub());
