import { readJson, route, ZIdParams } from "@/lib/api/handler";
import { getIncident } from "@/lib/incidents/incidents";
import { reorderHypotheses } from "@/lib/hypotheses/update-hypothesis";
import { ZHypothesisReorder } from "@/lib/schemas/hypothesis";

export const dynamic = "force-dynamic";

/** `POST {ids}`: the listed hypotheses first, in that order; the others after them. */
export const POST = route(async (req, { params }) => {
  await getIncident(params.id);
  const { ids } = await readJson(req, ZHypothesisReorder);
  return { hypotheses: await reorderHypotheses(params.id, ids) };
}, ZIdParams);
