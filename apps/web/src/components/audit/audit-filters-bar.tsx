"use client";

import { useQuery } from "@tanstack/react-query";
import { AUDIT_ACTIONS, auditActionLabel, type AuditFilters } from "~/lib/audit-filters";
import { useTRPC } from "~/trpc/react";
import { DebouncedInput } from "../ui/debounced-input";
import { fieldControlClass } from "../ui/field";

const KNOWN_TARGET_TYPES = ["client", "invitation", "organization", "session", "user"];

/** Action, actor and target filters of the audit log; each change goes to the URL. */
export function AuditFiltersBar({
  orgId,
  filters,
  onChange,
}: {
  orgId: string;
  filters: AuditFilters;
  onChange: (next: AuditFilters) => void;
}) {
  const trpc = useTRPC();
  const members = useQuery(trpc.members.list.queryOptions({ orgId }));
  const actorKnown = !filters.actorUserId || members.data?.some((member) => member.userId === filters.actorUserId);
  return (
    <div role="search" aria-label="Filter the audit log" className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
      <div>
        <label htmlFor="audit-action" className="block text-xs font-medium text-slate-600">
          Action
        </label>
        <select
          id="audit-action"
          value={filters.action ?? ""}
          onChange={(event) => onChange({ ...filters, action: (event.target.value || null) as AuditFilters["action"] })}
          className={fieldControlClass}
        >
          <option value="">All actions</option>
          {AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {auditActionLabel(action)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="audit-actor" className="block text-xs font-medium text-slate-600">
          Actor
        </label>
        <select
          id="audit-actor"
          value={filters.actorUserId ?? ""}
          onChange={(event) => onChange({ ...filters, actorUserId: event.target.value || null })}
          className={fieldControlClass}
        >
          <option value="">Anyone</option>
          {members.data?.map((member) => (
            <option key={member.userId} value={member.userId}>
              {member.name}
            </option>
          ))}
          {!actorKnown && filters.actorUserId && <option value={filters.actorUserId}>Former member</option>}
        </select>
      </div>
      <div>
        <label htmlFor="audit-target-type" className="block text-xs font-medium text-slate-600">
          Target type
        </label>
        <DebouncedInput
          id="audit-target-type"
          list="audit-target-types"
          placeholder="client, user…"
          autoComplete="off"
          maxLength={64}
          value={filters.targetType ?? ""}
          onCommit={(value) => onChange({ ...filters, targetType: value.trim() || null })}
        />
        <datalist id="audit-target-types">
          {KNOWN_TARGET_TYPES.map((type) => (
            <option key={type} value={type} />
          ))}
        </datalist>
      </div>
      <div>
        <label htmlFor="audit-target-id" className="block text-xs font-medium text-slate-600">
          Target id
        </label>
        <DebouncedInput
          id="audit-target-id"
          placeholder="Paste an id"
          autoComplete="off"
          spellCheck={false}
          maxLength={128}
          value={filters.targetId ?? ""}
          onCommit={(value) => onChange({ ...filters, targetId: value.trim() || null })}
        />
      </div>
    </div>
  );
}
