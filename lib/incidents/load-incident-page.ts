// The incident an /incidents/:id page shows, or the 404 page.
import "server-only";
import { notFound } from "next/navigation";
import { ApiError } from "@/lib/api/errors";
import { ZIdParams } from "@/lib/api/handler";
import { getIncident } from "@/lib/incidents/incidents";

export async function loadIncident(params: Promise<{ id: string }>) {
  const parsed = ZIdParams.safeParse(await params);
  if (!parsed.success) notFound();
  try {
    return await getIncident(parsed.data.id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
}
