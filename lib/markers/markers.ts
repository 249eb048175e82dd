// Markers of an incident: from uploaded files (rollouts, k8s events, deploy markers) and by hand.
import "server-only";
import { db } from "@/lib/db";
import { ApiError, notFound } from "@/lib/api/errors";
import type { Marker } from "@/lib/generated/prisma/client";
import type { TMarker, TMarkerCreate } from "@/lib/schemas/marker";
import { toMs } from "@/lib/schemas/time";
import { pageOf, prismaPage, type TPage, type TPaging } from "@/lib/schemas/page";

const toMarker = (m: Marker): TMarker => ({
  id: m.id,
  ts: m.ts.getTime(),
  endTs: toMs(m.endTs),
  kind: m.kind,
  label: m.label,
  source: m.source,
  object: m.object,
  message: m.message,
  uploadId: m.uploadId,
  author: m.author,
});

export async function listMarkers(incidentId: string, range: { from?: number; to?: number } = {}, page: TPaging = null): Promise<TPage<"markers", TMarker>> {
  const rows = await db.prisma.marker.findMany({
    where: {
      incidentId,
      ...(range.to !== undefined ? { ts: { lt: new Date(range.to) } } : {}),
      AND: [
        { OR: [{ uploadId: null }, { upload: { status: "ready" } }] },
        ...(range.from !== undefined ? [{ OR: [{ ts: { gte: new Date(range.from) } }, { endTs: { gte: new Date(range.from) } }] }] : []),
      ],
    },
    orderBy: [{ ts: "asc" }, { id: "asc" }],
    ...prismaPage(page),
  });
  const { items, nextCursor } = pageOf(rows, page);
  return { markers: items.map(toMarker), nextCursor };
}

export async function createMarker(incidentId: string, input: TMarkerCreate, author: string | null): Promise<TMarker> {
  const row = await db.prisma.marker.create({
    data: {
      incidentId,
      ts: new Date(input.ts),
      endTs: input.endTs == null ? null : new Date(input.endTs),
      kind: input.kind,
      label: input.label,
      source: input.source ?? "manual",
      message: input.message ?? null,
      author,
    },
  });
  return toMarker(row);
}

/** Deletes a marker added by hand; markers from files go away with their upload. */
export async function deleteMarker(incidentId: string, markerId: string): Promise<void> {
  const m = await db.prisma.marker.findFirst({ where: { id: markerId, incidentId } });
  if (!m) throw notFound("Marker", markerId);
  if (m.uploadId) throw new ApiError("marker_from_upload", "This marker comes from an uploaded file; delete the upload to remove it.");
  await db.prisma.marker.delete({ where: { id: markerId } });
}
