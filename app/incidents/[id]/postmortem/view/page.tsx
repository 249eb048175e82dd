// The read-only postmortem: rendered markdown with live timeline embeds; prints as a clean PDF.
import type { Metadata } from "next";
import Link from "next/link";
import { loadIncident } from "@/lib/incidents/load-incident-page";
import { PostmortemDocument } from "@/components/postmortem/postmortem-document";
import { PrintButton } from "@/components/postmortem/print-button";
import { getPostmortem } from "@/lib/postmortem/postmortems";
import { utc } from "@/lib/postmortem/timeline-block";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Postmortem · ${(await loadIncident(params)).title}` };
}

export default async function PostmortemViewPage({ params }: { params: Promise<{ id: string }> }) {
  const incident = await loadIncident(params);
  const pm = await getPostmortem(incident);
  const base = `/incidents/${encodeURIComponent(incident.id)}`;
  return (
    <div className="pm-view stack">
      <div className="pm-head row pm-chrome">
        <span className="grow muted">
          {pm.revision > 0 ? `Revision ${pm.revision}${pm.author ? ` by ${pm.author}` : ""}${pm.at ? `, ${utc(pm.at)} UTC` : ""}` : "Draft (not saved yet)"}
        </span>
        <Link href={`${base}/postmortem`}>Edit</Link>
        <a href={`/api/incidents/${encodeURIComponent(incident.id)}/postmortem.md`} download>
          Download .md
        </a>
        <PrintButton />
      </div>
      <div className="card pm-view-body">
        <PostmortemDocument markdown={pm.markdown} />
      </div>
    </div>
  );
}
