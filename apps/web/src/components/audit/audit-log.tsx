"use client";

import { auditFiltersQuery, EMPTY_AUDIT_FILTERS, hasActiveAuditFilters, parseAuditFilters } from "~/lib/audit-filters";
import { useUrlFilters } from "~/lib/use-url-filters";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { AdminAccessRequired } from "./admin-access-required";
import { AuditEntries } from "./audit-entries";
import { AuditFiltersBar } from "./audit-filters-bar";

/** The organization's audit trail for admins: filters bound to the URL, newest first, "Load older entries". */
export function AuditLog({ org }: { org: { id: string; name: string } }) {
  const [filters, setFilters] = useUrlFilters(parseAuditFilters, auditFiltersQuery);
  const filtered = hasActiveAuditFilters(filters);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Audit log</h1>
        <p className="mt-1 text-sm text-slate-600">Who did what in {org.name}, when and from where. Entries cannot be changed or deleted.</p>
      </div>
      <Card>
        <div className="space-y-4">
          <AuditFiltersBar orgId={org.id} filters={filters} onChange={(next) => setFilters(next)} />
          {filtered && (
            <div className="flex justify-end">
              <Button variant="ghost" className="!px-3 !py-1.5" onClick={() => setFilters(EMPTY_AUDIT_FILTERS)}>
                Clear filters
              </Button>
            </div>
          )}
          <AuditEntries
            orgId={org.id}
            filters={filters}
            onFilter={(patch) => setFilters({ ...filters, ...patch }, "push")}
            forbidden={<AdminAccessRequired orgName={org.name} />}
            empty={
              <EmptyState
                icon="☰"
                title={filtered ? "No entries match these filters" : "Nothing recorded yet"}
                description={filtered ? "Try another action or actor, or clear the filters." : "Changes to clients, members and settings appear here."}
              />
            }
          />
        </div>
      </Card>
    </div>
  );
}
