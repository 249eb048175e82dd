import { route } from "@/lib/route/handler";
import { getPermalink } from "@/lib/permalinks/permalinks";
import { ZSlugParams } from "@/lib/schemas/permalink";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, { params }) => getPermalink(params.slug), ZSlugParams);
