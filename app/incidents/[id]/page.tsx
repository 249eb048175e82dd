import type { Metadata } from "next";
import { FindingsSummary } from "@/components/findings/findings-summary";
import { IncidentHeader } from "@/components/incidents/incident-header";
import { IncidentSidebar } from "@/components/incidents/incident-sidebar";
import { PermalinkBanner } from "@/components/permalinks/permalink-banner";
import { ReadOnlyProvider } from "@/components/permalinks/read-only";
import { TimelineWorkspace } from "@/components/timeline/workspace";
import { UploadPanel } from "@/components/uploads/upload-panel";
import { authConfig } from "@/lib/auth/config";
import { loadIncident } from "@/lib/incidents/load-incident-page";
import { evidenceSummary } from "@/lib/series/evidence-summary";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: (await loadIncident(params)).title };
}

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const incident = await loadIncident(params);
  const signedIn = authConfig().mode === "signin"; // in local mode there is no one to invite
  // Sent with the page so the panels know the time range without another round trip.
  const evidence = await evidenceSummary(incident.id);
  return (
    <ReadOnlyProvider locked={!incident.canEdit}>
      <div className="stack">
        <PermalinkBanner />
        <IncidentHeader initial={incident} />
        <FindingsSummary incidentId={incident.id} />
        <div className="incident-layout">
          <div className="stack" style={{ minWidth: 0 }}>
            {/* The timeline comes first: once evidence is in, it is what people look at. */}
            <TimelineWorkspace incident={incident} initialEvidence={evidence} />
            <UploadPanel incidentId={incident.id} />
          </div>
          <IncidentSidebar incidentId={incident.id} canManage={incident.canManage && signedIn} />
        </div>
      </div>
    </ReadOnlyProvider>
  );
}
