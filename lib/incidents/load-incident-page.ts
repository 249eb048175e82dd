// The incident an /incidents/:id page shows, or the 404 page.
import "server-only";
import { notFound } from "next/navigation";
import { ApiError } from "@/lib/api/errors";
import { ZIdParams } from "@/lib/api/handler";
import { requirePageUser } from "@/lib/auth/page-guard";
import { getIncident } from "@/lib/incidents/incidents";

export async function loadIncident(params: Promise<{ id: string }>) {
  const raw = await params;
  await requirePageUser(`/incidents/${encodeURIComponent(raw.id)}`);
  const parsed = ZIdParams.safeParse(raw);
  if (!parsed.success) notFound();
  try {
    return await getIncident(parsed.data.id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
}
