// Ticket-system automations forward attachments by ticket key: the incident that references the
// ticket is found, or created on first contact (concurrent first contacts converge on one).
import "server-only";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { carriesTicketSecret, ticketSecretConfigured } from "@/lib/auth/ticket-secret";
import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";
import { createIncident, getIncident } from "@/lib/incidents/incidents";
import type { TIncident } from "@/lib/schemas/incident";

export const ZTicketKey = z.object({
  key: z.string().trim().min(1).max(200).regex(/^[^\s/]+$/, "a ticket key has no spaces or slashes"),
});

/** When HINDSIGHT_TICKET_SECRET is set, ticket calls must carry it (Bearer token or X-Hindsight-Secret). */
export function requireTicketSecret(req: NextRequest): void {
  if (!ticketSecretConfigured() || carriesTicketSecret(req.headers)) return;
  throw new ApiError("unauthorized", "This call needs the shared ticket secret (Authorization: Bearer <secret>).");
}

export async function findOrCreateTicketIncident(key: string, title?: string): Promise<{ incident: TIncident; created: boolean }> {
  const existing = await db.prisma.incident.findUnique({ where: { ticket: key }, select: { id: true } });
  if (existing) return { incident: await getIncident(existing.id), created: false };
  try {
    return { incident: await createIncident({ title: title?.trim() || `Ticket ${key}`, ticket: key }), created: true };
  } catch (error) {
    // Another request created it between our lookup and insert.
    if (error instanceof ApiError && error.code === "ticket_taken") {
      const row = await db.prisma.incident.findUniqueOrThrow({ where: { ticket: key }, select: { id: true } });
      return { incident: await getIncident(row.id), created: false };
    }
    throw error;
  }
}
