// Route calls for the postmortem API tests.
import * as postmortem from "@/app/api/incidents/[id]/postmortem/route";
import * as revisions from "@/app/api/incidents/[id]/postmortem/revisions/route";
import * as revision from "@/app/api/incidents/[id]/postmortem/revisions/[rev]/route";
import * as restore from "@/app/api/incidents/[id]/postmortem/revisions/[rev]/restore/route";
import * as timeline from "@/app/api/incidents/[id]/postmortem/timeline/route";
import * as exportMd from "@/app/api/incidents/[id]/postmortem.md/route";
import { call } from "../http";

type H = Record<string, string>;

export const pm = {
  get: (id: string) => call(postmortem.GET, { params: { id } }),
  put: (id: string, json: unknown, headers: H = {}) => call(postmortem.PUT, { method: "PUT", params: { id }, json, headers }),
  revisions: (id: string) => call(revisions.GET, { params: { id } }),
  revision: (id: string, rev: string | number) => call(revision.GET, { params: { id, rev: String(rev) } }),
  restore: (id: string, rev: number, json?: unknown) => call(restore.POST, { method: "POST", params: { id, rev: String(rev) }, json }),
  timeline: (id: string) => call(timeline.GET, { params: { id } }),
  /** The .md export is text, not JSON. */
  async exportMd(id: string) {
    const { NextRequest } = await import("next/server");
    const res = await exportMd.GET(new NextRequest(`http://localhost/api/incidents/${id}/postmortem.md`), { params: Promise.resolve({ id }) });
    return { status: res.status, text: await res.text(), headers: res.headers };
  },
};
