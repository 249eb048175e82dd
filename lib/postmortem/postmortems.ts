// Postmortems: one markdown document per incident, saved as numbered revisions. A save names the
// revision it was edited from; when that is not the latest, the answer is 409 with the latest
// text, so two browsers never silently overwrite each other. Callers have loaded the incident
// (the routes go through incidentRoute), so these functions do not look it up again.
import "server-only";
import { db, withTransaction, type Tx } from "@/lib/db";
import { conflict, notFound } from "@/lib/api/errors";
import type { TIncident } from "@/lib/schemas/incident";
import type { TPostmortem, TPostmortemPut, TPostmortemRevision, TRevisionSummary } from "@/lib/schemas/postmortem";
import { postmortemTemplate } from "./template";

type RevRow = { revision: number; markdown: string; author: string | null; createdAt: Date };
const toRevision = (r: RevRow): TPostmortemRevision => ({ revision: r.revision, markdown: r.markdown, author: r.author, at: r.createdAt.getTime() });

async function latestRevision(postmortemId: string, revision: number, tx: Tx | typeof db.prisma = db.prisma) {
  return tx.postmortemRevision.findUnique({ where: { postmortemId_revision: { postmortemId, revision } } });
}

type PostmortemIncident = Pick<TIncident, "id" | "title">;

export async function getPostmortem(incident: PostmortemIncident): Promise<TPostmortem> {
  const incidentId = incident.id;
  const pm = await db.prisma.postmortem.findUnique({ where: { incidentId } });
  const latest = pm && pm.latestRevision > 0 ? await latestRevision(pm.id, pm.latestRevision) : null;
  if (!latest) return { incidentId, revision: 0, markdown: postmortemTemplate(incident.title), author: null, at: null };
  return { incidentId, ...toRevision(latest) };
}

/** Appends a revision when `baseRevision` is the latest; unchanged text stores nothing new. */
export async function savePostmortem(incident: PostmortemIncident, input: TPostmortemPut, author: string | null): Promise<TPostmortem> {
  const incidentId = incident.id;
  return withTransaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO postmortems (id, incident_id, latest_revision, updated_at)
      VALUES (gen_random_uuid(), ${incidentId}::uuid, 0, now()) ON CONFLICT (incident_id) DO NOTHING`;
    const [pm] = await tx.$queryRaw<Array<{ id: string; latest_revision: number }>>`
      SELECT id, latest_revision FROM postmortems WHERE incident_id = ${incidentId}::uuid FOR UPDATE`;
    if (!pm) throw notFound("Incident", incidentId);
    const latest = pm.latest_revision > 0 ? await latestRevision(pm.id, pm.latest_revision, tx) : null;
    if (input.baseRevision !== pm.latest_revision) {
      const current = latest
        ? { ...toRevision(latest) }
        : { revision: 0, markdown: postmortemTemplate(incident.title), author: null, at: null };
      throw conflict(`Someone saved revision ${pm.latest_revision} meanwhile; your text is based on revision ${input.baseRevision}.`, { latest: current });
    }
    if (latest && latest.markdown === input.markdown) return { incidentId, ...toRevision(latest) };
    const revision = pm.latest_revision + 1;
    const row = await tx.postmortemRevision.create({ data: { postmortemId: pm.id, revision, markdown: input.markdown, author } });
    await tx.postmortem.update({ where: { id: pm.id }, data: { latestRevision: revision } });
    return { incidentId, ...toRevision(row) };
  });
}

export async function listRevisions(incidentId: string): Promise<TRevisionSummary[]> {
  const rows = await db.prisma.$queryRaw<Array<{ revision: number; author: string | null; created_at: Date; chars: number }>>`
    SELECT r.revision, r.author, r.created_at, char_length(r.markdown)::int AS chars
      FROM postmortem_revisions r JOIN postmortems p ON p.id = r.postmortem_id
     WHERE p.incident_id = ${incidentId}::uuid ORDER BY r.revision DESC`;
  return rows.map((r) => ({ revision: r.revision, author: r.author, at: r.created_at.getTime(), chars: r.chars }));
}

export async function getRevision(incidentId: string, revision: number): Promise<TPostmortemRevision> {
  const row = await db.prisma.postmortemRevision.findFirst({ where: { revision, postmortem: { incidentId } } });
  if (!row) throw notFound("Revision", String(revision));
  return toRevision(row);
}

/** A restore is a new revision with the old text; with `baseRevision`, it conflicts like a save. */
export async function restoreRevision(incident: PostmortemIncident, revision: number, baseRevision: number | undefined, author: string | null) {
  const old = await getRevision(incident.id, revision);
  const base = baseRevision ?? (await db.prisma.postmortem.findUnique({ where: { incidentId: incident.id } }))?.latestRevision ?? 0;
  return savePostmortem(incident, { markdown: old.markdown, baseRevision: base }, author);
}
