import { auditOf } from "@/lib/auth/audit";
import { incidentRoute } from "@/lib/incidents/incident-route";
import { csvCell } from "@/lib/format";
import { ZPageQuery } from "@/lib/schemas/page";

export const dynamic = "force-dynamic";

/** Owners: every write to this incident, newest first, paged; `?format=csv` exports it. */
export const GET = incidentRoute(async (req, { incident }) => {
  const query = Object.fromEntries(req.nextUrl.searchParams);
  if (query.format !== "csv") {
    const page = ZPageQuery.parse(query);
    return auditOf(incident.id, { limit: page?.limit ?? 500, cursor: page?.cursor });
  }
  const lines = ["at,actor,actor_kind,method,path,status,ip,detail"];
  let cursor: string | undefined;
  do {
    const { entries, nextCursor } = await auditOf(incident.id, { limit: 1000, cursor });
    for (const e of entries) {
      lines.push([new Date(e.at).toISOString(), e.actor, e.actorKind, e.method, e.path, String(e.status), e.ip ?? "", e.detail ? JSON.stringify(e.detail) : ""].map(csvCell).join(","));
    }
    cursor = nextCursor ?? undefined;
  } while (cursor);
  return new Response(`${lines.join("\n")}\n`, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="audit-${incident.id}.csv"`, "cache-control": "no-store" },
  });
});
