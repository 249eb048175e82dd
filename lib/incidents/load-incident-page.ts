// The incident an /incidents/:id page shows, or the 404 page.
import "server-only";
import { notFound } from "next/navigation";
import { ApiError } from "@/lib/api/errors";
import { ZIdParams } from "@/lib/route/handler";
import { requireIncidentPage } from "@/lib/auth/page-guard";
import { getIncident } from "@/lib/incidents/incidents";

/** The incident, and whether this caller may change it (a viewer or a share link only looks). */
export async function loadIncident(params: Promise<{ id: string }>) {
  const parsed = ZIdParams.safeParse(await params);
  if (!parsed.success) notFound();
  const { level } = await requireIncidentPage(`/incidents/${parsed.data.id}`, parsed.data.id);
  try {
    return { ...(await getIncident(parsed.data.id)), canEdit: level === "write" || level === "manage", canManage: level === "manage" };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
}
