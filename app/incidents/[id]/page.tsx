import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { IncidentHeader } from "@/components/incidents/incident-header";
import { IncidentSidebar } from "@/components/incidents/incident-sidebar";
import { TimelineWorkspace } from "@/components/timeline/workspace";
import { UploadPanel } from "@/components/uploads/upload-panel";
import { ApiError } from "@/lib/api/errors";
import { getIncident } from "@/lib/incidents/incidents";
import { ZIdParams } from "@/lib/api/handler";

export const dynamic = "force-dynamic";

async function load(params: Promise<{ id: string }>) {
  const parsed = ZIdParams.safeParse(await params);
  if (!parsed.success) notFound();
  try {
    return await getIncident(parsed.data.id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: (await load(params)).title };
}

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const incident = await load(params);
  return (
    <div className="stack">
      <IncidentHeader initial={incident} />
      <div className="incident-layout">
        <div className="stack" style={{ minWidth: 0 }}>
          {/* The timeline comes first: once evidence is in, it is what people look at. */}
          <TimelineWorkspace incident={incident} />
          <UploadPanel incidentId={incident.id} />
        </div>
        <IncidentSidebar incidentId={incident.id} />
      </div>
    </div>
  );
}
