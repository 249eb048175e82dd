// Hypothesis rows as the API returns them, with their history and in list order; used by the
// hypothesis modules and the activity feed.
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { THypothesis } from "@/lib/schemas/hypothesis";

export const withHistory = { events: { orderBy: { at: "asc" } } } as const satisfies Prisma.HypothesisInclude;
type Row = Prisma.HypothesisGetPayload<{ include: typeof withHistory }>;

export const ORDER: Prisma.HypothesisOrderByWithRelationInput[] = [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }];

export const toHypothesis = (h: Row): THypothesis => ({
  id: h.id,
  incidentId: h.incidentId,
  title: h.title,
  description: h.description,
  status: h.status,
  position: h.position,
  author: h.author,
  createdAt: h.createdAt.getTime(),
  updatedAt: h.updatedAt.getTime(),
  history: h.events.map((e) => ({ status: e.status, reason: e.reason, author: e.author, at: e.at.getTime() })),
});
