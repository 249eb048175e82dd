// The shared secret of ticket-system automations (HINDSIGHT_TICKET_SECRET), sent as
// `Authorization: Bearer <secret>` or `X-Hindsight-Secret`. Compared in constant time.
import { timingSafeEqual } from "node:crypto";

export const ticketSecretConfigured = () => Boolean(process.env.HINDSIGHT_TICKET_SECRET);

export function carriesTicketSecret(headers: Headers): boolean {
  const secret = process.env.HINDSIGHT_TICKET_SECRET;
  if (!secret) return false;
  const given = headers.get("x-hindsight-secret") ?? headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}
