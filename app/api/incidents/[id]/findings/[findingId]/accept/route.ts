import { z } from "zod";
import { route } from "@/lib/route/handler";
import { acceptFinding } from "@/lib/findings/findings";

export const dynamic = "force-dynamic";

// Accepting will also create an annotation on a hypothesis once annotations are wired in.
export const POST = route(async (_req, { params }) => acceptFinding(params.id, params.findingId), z.object({ id: z.uuid(), findingId: z.uuid() }));
