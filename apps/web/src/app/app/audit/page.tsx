import { roleHasPermission } from "@agency/validators";
import type { Metadata } from "next";
import { AdminAccessRequired } from "~/components/audit/admin-access-required";
import { AuditLog } from "~/components/audit/audit-log";
import { NoOrganization } from "~/components/ui/no-organization";
import { activeOrgState } from "~/server/active-org";
import { currentSessionId } from "~/server/session";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditRoute() {
  const sessionId = await currentSessionId();
  if (!sessionId) return null; // the layout has already sent this request to sign-in
  const { active } = await activeOrgState(sessionId);
  if (!active) return <NoOrganization section="Audit log" belongings="Audit entries" />;
  if (!roleHasPermission(active.role, "audit:read")) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Audit log</h1>
        <AdminAccessRequired orgName={active.name} />
      </div>
    );
  }
  return <AuditLog key={active.id} org={{ id: active.id, name: active.name }} />;
}
