"use client";

import { EMPTY_AUDIT_FILTERS } from "~/lib/audit-filters";
import { AuditEntries } from "../audit/audit-entries";
import { ButtonLink } from "../ui/button";
import { Card } from "../ui/card";

/** The audit entries about one client (admins): who created, changed, deleted and restored it. */
export function ClientHistory({ orgId, clientId }: { orgId: string; clientId: string }) {
  const filters = { ...EMPTY_AUDIT_FILTERS, targetType: "client", targetId: clientId };
  return (
    <Card
      title="History"
      action={
        <ButtonLink href={`/app/audit?targetType=client&targetId=${clientId}`} variant="ghost" className="!px-2 !py-1 text-xs">
          Open in audit log
        </ButtonLink>
      }
    >
      <AuditEntries
        orgId={orgId}
        filters={filters}
        pageSize={10}
        showTarget={false}
        empty={<p className="text-sm text-slate-600">No recorded changes yet.</p>}
        forbidden={<p className="text-sm text-slate-600">Only owners and admins can see the history.</p>}
      />
    </Card>
  );
}
