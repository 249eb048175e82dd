// An incident's ingests and its deletion must not interleave: a deletion that ran beside an
// ingest left that ingest's tables behind, full of rows nothing pointed to, and the upload's
// answer broke. Ingests hold a shared advisory lock on their incident for as long as they run;
// a deletion takes it exclusively inside its transaction, after asking the running ingests of this
// process to stop, so it waits only for them to roll back.
import type pg from "pg";

/** First key of these advisory locks (the second is the incident id's hash): "HSID". */
const LOCK_SPACE = 0x48534944;

const stopping = ((globalThis as unknown as { hindsightStopping?: Set<string> }).hindsightStopping ??= new Set());

/** Holds the incident for an ingest on `client`'s session; false when the incident does not exist (any more). */
export async function holdIncidentForIngest(client: pg.PoolClient, incidentId: string): Promise<boolean> {
  await client.query("SELECT pg_advisory_lock_shared($1, hashtext($2))", [LOCK_SPACE, incidentId]);
  const { rowCount } = await client.query("SELECT 1 FROM incidents WHERE id = $1", [incidentId]);
  if (rowCount) return true;
  await releaseIncidentFromIngest(client, incidentId);
  return false;
}

export async function releaseIncidentFromIngest(client: pg.PoolClient, incidentId: string): Promise<void> {
  await client.query("SELECT pg_advisory_unlock_shared($1, hashtext($2))", [LOCK_SPACE, incidentId]);
}

/** True once a deletion of the incident is waiting: an ingest should stop at its next chunk. */
export const incidentStopping = (incidentId: string) => stopping.has(incidentId);

/** In the deletion's transaction: stops this process's ingests of the incident and waits for every ingest to end. */
export async function lockIncidentForDeletion(client: pg.PoolClient, incidentId: string): Promise<void> {
  stopping.add(incidentId);
  try {
    await client.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [LOCK_SPACE, incidentId]);
  } finally {
    stopping.delete(incidentId);
  }
}
