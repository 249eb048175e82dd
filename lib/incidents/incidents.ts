// Incidents: the application model every piece of evidence hangs from.
import "server-only";
import { db, withPgTransaction } from "@/lib/db";
import { notFound, validationFailed } from "@/lib/api/errors";
import { asApiError } from "@/lib/api/prisma-errors";
import type { TIncident, TIncidentCreate, TIncidentUpdate } from "@/lib/schemas/incident";
import { toMs } from "@/lib/schemas/time";
import { pageOf, prismaPage, type TPaging } from "@/lib/schemas/page";
import { removeUnusedBlobs } from "@/lib/evidence/blob-store";
import { lockIncidentForDeletion } from "@/lib/evidence/ingest-guard";
import { dropUploadTables } from "@/lib/evidence/partitions";
import type { Prisma } from "@/lib/generated/prisma/client";

type Row = Prisma.IncidentGetPayload<{ include: { _count: { select: { uploads: true } } } }>;
const withCount = { _count: { select: { uploads: true } } } as const;

export function toIncident(row: Row): TIncident {
  return {
    id: row.id,
    title: row.title,
    ticket: row.ticket,
    summary: row.summary,
    windowFrom: toMs(row.windowFrom),
    windowTo: toMs(row.windowTo),
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
    uploadCount: row._count.uploads,
    visibility: row.visibility,
  };
}

const toDate = (ms: number | null | undefined) => (ms === undefined ? undefined : ms === null ? null : new Date(ms));

function checkWindow(from: number | null | undefined, to: number | null | undefined) {
  if (from != null && to != null && from > to) {
    throw validationFailed("The incident window ends before it starts.", [{ path: "windowTo", message: "must not be before windowFrom" }]);
  }
}

/** `ownerId`: the signed-in user who creates it becomes its owner. */
export async function createIncident(input: TIncidentCreate, ownerId: string | null = null): Promise<TIncident> {
  checkWindow(input.windowFrom, input.windowTo);
  const row = await db.prisma.incident
    .create({
      data: {
        title: input.title,
        ticket: input.ticket ?? null,
        summary: input.summary ?? "",
        windowFrom: toDate(input.windowFrom),
        windowTo: toDate(input.windowTo),
        visibility: input.visibility ?? "members",
        ...(ownerId ? { members: { create: { userId: ownerId, role: "owner" as const } } } : {}),
      },
      include: withCount,
    })
    .catch(asApiError({ ticket: input.ticket })); // a taken ticket is ticket_taken, naming it
  return toIncident(row);
}

/** `visible`: the incidents the caller may see (sign-in mode); every incident otherwise. */
export async function listIncidents(filter: { ticket?: string; q?: string } = {}, page: TPaging = null, visible: Prisma.IncidentWhereInput = {}) {
  const rows = await db.prisma.incident.findMany({
    where: {
      ...visible,
      ...(filter.ticket ? { ticket: filter.ticket } : {}),
      ...(filter.q ? { title: { contains: filter.q, mode: "insensitive" as const } } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: withCount,
    ...prismaPage(page),
  });
  const { items, nextCursor } = pageOf(rows, page);
  return { incidents: items.map(toIncident), nextCursor };
}

export async function getIncident(id: string): Promise<TIncident> {
  const row = await db.prisma.incident.findUnique({ where: { id }, include: withCount });
  if (!row) throw notFound("Incident", id);
  return toIncident(row);
}

/** `current` is the incident as loaded for this request; the window is checked against it. */
export async function updateIncident(current: TIncident, patch: TIncidentUpdate): Promise<TIncident> {
  checkWindow(
    patch.windowFrom === undefined ? current.windowFrom : patch.windowFrom,
    patch.windowTo === undefined ? current.windowTo : patch.windowTo,
  );
  const row = await db.prisma.incident
    .update({
      where: { id: current.id },
      data: {
        title: patch.title,
        ticket: patch.ticket,
        summary: patch.summary,
        windowFrom: toDate(patch.windowFrom),
        windowTo: toDate(patch.windowTo),
        visibility: patch.visibility,
      },
      include: withCount,
    })
    .catch(asApiError({ ticket: patch.ticket }));
  return toIncident(row);
}

/** Deletes an incident, its uploads and every evidence partition derived from them, once its running ingests have stopped. */
export async function deleteIncident(id: string): Promise<void> {
  const sha256s = await withPgTransaction(async (client) => {
    await lockIncidentForDeletion(client, id);
    const { rows: uploads } = await client.query<{ id: string; sha256: string }>("SELECT id, sha256 FROM uploads WHERE incident_id = $1", [id]);
    for (const u of uploads) await dropUploadTables(client, u.id);
    const { rowCount } = await client.query("DELETE FROM incidents WHERE id = $1", [id]);
    if (!rowCount) throw notFound("Incident", id);
    return uploads.map((u) => u.sha256);
  });
  await removeUnusedBlobs(db.pool, sha256s); // the raw evidence goes with it
}
