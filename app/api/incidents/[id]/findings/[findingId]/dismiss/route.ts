import { z } from "zod";
import { route } from "@/lib/route/handler";
import { dismissFinding } from "@/lib/findings/findings";

export const dynamic = "force-dynamic";

export const POST = route(async (_req, { params }) => dismissFinding(params.id, params.findingId), z.object({ id: z.uuid(), findingId: z.uuid() }));
