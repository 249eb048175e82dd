import { CreateIncidentForm } from "@/components/incidents/create-incident-form";
import { IncidentList } from "@/components/incidents/incident-list";
import { visibleIncidentsWhere } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/page-guard";
import { listIncidents } from "@/lib/incidents/incidents";
import { isDemoLoading } from "@/lib/runtime/demo-status";

export const dynamic = "force-dynamic";

export default async function IncidentsPage() {
  const identity = await requirePageUser("/");
  const { incidents } = await listIncidents({}, null, visibleIncidentsWhere(identity));
  return (
    <div className="stack">
      <div className="page-head">
        <div className="grow">
          <h1>Incidents</h1>
          <p className="muted" style={{ margin: "4px 0 0" }}>
            Line up flow logs, captures, metrics and rollouts on one time axis.
          </p>
        </div>
      </div>
      <CreateIncidentForm />
      <IncidentList initial={incidents} demoLoading={isDemoLoading()} />
    </div>
  );
}
