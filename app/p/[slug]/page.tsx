// Opens a permalink: redirects to the incident page with the stored view (lib/permalinks/permalink-target.ts).
import { notFound, redirect } from "next/navigation";
import { ApiError } from "@/lib/api/errors";
import { requirePageUser } from "@/lib/auth/page-guard";
import { permalinkTarget } from "@/lib/permalinks/permalink-target";
import { getPermalink } from "@/lib/permalinks/permalinks";
import { ZSlugParams } from "@/lib/schemas/permalink";

export const dynamic = "force-dynamic";

async function load(params: Promise<{ slug: string }>) {
  const raw = await params;
  await requirePageUser(`/p/${encodeURIComponent(raw.slug)}`);
  const parsed = ZSlugParams.safeParse(raw);
  if (!parsed.success) notFound();
  try {
    return await getPermalink(parsed.data.slug);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
}

export default async function PermalinkPage({ params }: { params: Promise<{ slug: string }> }) {
  const permalink = await load(params);
  redirect(permalinkTarget(permalink.incidentId, permalink.slug, permalink.view));
}
