import { readJson } from "@/lib/route/handler";
import { incidentAccessList, setMember } from "@/lib/auth/members";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { ZMemberInvite } from "@/lib/schemas/auth";

export const dynamic = "force-dynamic";

/** Owners: the incident's visibility and who has which role. */
export const GET = incidentRoute(async (_req, { incident }) => incidentAccessList(incident.id));

/** Owners: `POST {email, role}` gives someone a role (owner, editor, viewer) on this incident. */
export const POST = incidentRoute(async (req, { incident }) => {
  const { email, role } = await readJson(req, ZMemberInvite);
  return setMember(incident.id, email, role);
});
