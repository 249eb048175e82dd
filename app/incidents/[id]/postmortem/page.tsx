import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { loadIncident } from "@/lib/incidents/load-incident-page";
import { PostmortemEditor } from "@/components/postmortem/postmortem-editor";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Postmortem · ${(await loadIncident(params)).title}` };
}

export default async function PostmortemPage({ params }: { params: Promise<{ id: string }> }) {
  const incident = await loadIncident(params);
  if (!incident.canEdit) redirect(`/incidents/${incident.id}/postmortem/view`); // viewers read it
  return <PostmortemEditor incidentId={incident.id} title={incident.title} />;
}
