import { readJson } from "@/lib/route/handler";
import { reorderHypotheses } from "@/lib/hypotheses/update-hypothesis";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { ZHypothesisReorder } from "@/lib/schemas/hypothesis";

export const dynamic = "force-dynamic";

/** `POST {ids}`: the listed hypotheses first, in that order; the others after them. */
export const POST = incidentRoute(async (req, { incident }) => {
  const { ids } = await readJson(req, ZHypothesisReorder);
  return { hypotheses: await reorderHypotheses(incident.id, ids) };
});
