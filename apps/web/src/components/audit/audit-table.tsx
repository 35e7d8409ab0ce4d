import Link from "next/link";
import type { ReactNode } from "react";
import { auditActionLabel, type AuditFilters } from "~/lib/audit-filters";
import { referenceName } from "~/lib/audit-metadata";
import { formatDateTime } from "~/lib/dates";
import type { AuditEntry } from "~/lib/router-types";
import { AuditChanges } from "./audit-changes";

const TARGET_PAGES: Record<string, (id: string) => string> = {
  client: (id) => `/app/clients/${id}`,
  project: (id) => `/app/projects/${id}`,
  task: (id) => `/app/tasks/${id}`,
};
const TARGET_NOUNS: Record<string, string> = {
  task: "Task",
  project: "Project",
  client: "Client",
  user: "Person",
  comment: "Comment",
  organization: "Organization",
  invitation: "Invitation",
  session: "Session",
  api_key: "API key",
  webhook_endpoint: "Webhook",
  webhook_delivery: "Webhook delivery",
  slack_connection: "Slack",
};

/** The target as a person reads it: its name (linked to its page while it exists), else a short id. */
function TargetName({ entry }: { entry: AuditEntry }) {
  const { targetType, targetId } = entry;
  if (!targetType || !targetId) return null;
  const reference = entry.references[targetId.toLowerCase()];
  if (reference) {
    const name = referenceName(reference, reference.type);
    const page = reference.name && TARGET_PAGES[targetType]?.(targetId);
    return page ? (
      <Link href={page} className="block break-words font-medium text-brand-700 hover:underline [overflow-wrap:anywhere]" data-testid="audit-target-name">
        {name}
      </Link>
    ) : (
      <span className="block break-words text-slate-700 [overflow-wrap:anywhere]" data-testid="audit-target-name">
        {name}
      </span>
    );
  }
  return (
    <span className="block">
      <Mono value={`${targetId.slice(0, 8)}…`} title={targetId} className="whitespace-nowrap" />
    </span>
  );
}

// On phones each row is a card and each cell shows its column name (data-label); from lg up it is a table.
const cell =
  "px-3 py-2 align-top max-lg:flex max-lg:gap-3 max-lg:px-0 max-lg:py-1 max-lg:before:w-24 max-lg:before:shrink-0 max-lg:before:text-xs max-lg:before:font-medium max-lg:before:uppercase max-lg:before:tracking-wide max-lg:before:text-slate-500 max-lg:before:content-[attr(data-label)]";

function Cell({ label, children, className = "" }: { label: string; children: ReactNode; className?: string }) {
  return (
    <td data-label={label} className={`${cell} ${className}`}>
      <div className="min-w-0 flex-1">{children}</div>
    </td>
  );
}

function Mono({ value, title, className = "break-all" }: { value: string | null; title?: string; className?: string }) {
  if (!value) return <span className="text-slate-400">—</span>;
  return (
    <code className={`select-all font-mono text-xs text-slate-700 ${className}`} title={title ?? value}>
      {value}
    </code>
  );
}

const filterButton = "text-left text-brand-700 hover:underline";

/** Audit entries, newest first: time, actor, action, target, IP, request id and what changed. Names and targets filter on click. */
export function AuditTable({
  entries,
  onFilter,
  showTarget = true,
}: {
  entries: AuditEntry[];
  onFilter?: (patch: Partial<AuditFilters>) => void;
  /** Off in one record's own history, where every entry has the same target. */
  showTarget?: boolean;
}) {
  return (
    <table className="w-full table-fixed text-sm max-lg:block">
      <thead className="max-lg:sr-only">
        <tr className="border-b border-slate-200 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <th scope="col" className="w-[10rem] px-3 py-2">
            When, from where
          </th>
          <th scope="col" className="w-[8rem] px-3 py-2">
            Actor
          </th>
          <th scope="col" className="w-[8.5rem] px-3 py-2">
            Action
          </th>
          {showTarget && (
            <th scope="col" className="w-[10rem] px-3 py-2">
              Target
            </th>
          )}
          <th scope="col" className="px-3 py-2">
            Changes
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 max-lg:block">
        {entries.map((entry) => {
          return (
            <tr key={entry.id} className="max-lg:block max-lg:py-3" data-testid="audit-row">
              <Cell label="When">
                <time dateTime={entry.createdAt} title={entry.createdAt} className="whitespace-nowrap">
                  {formatDateTime(entry.createdAt)}
                </time>
                {/* Where from: IP, and the request id cut short on wide screens (the full id is in the title; copying selects all of it). */}
                <span className="mt-0.5 block text-xs" title="IP address">
                  <span className="sr-only">From </span>
                  <Mono value={entry.ip} className="break-all" />
                </span>
                {entry.requestId && (
                  <span className="block text-xs">
                    <span className="sr-only">Request id </span>
                    <Mono value={entry.requestId} title={`Request id ${entry.requestId}`} className="break-all lg:block lg:max-w-[9rem] lg:truncate" />
                  </span>
                )}
              </Cell>
              <Cell label="Actor">
                {entry.actor ? (
                  onFilter ? (
                    <button
                      type="button"
                      className={filterButton}
                      title={`Show only what ${entry.actor.name} did`}
                      onClick={() => onFilter({ actorUserId: entry.actor?.id ?? null })}
                    >
                      {entry.actor.name}
                    </button>
                  ) : (
                    entry.actor.name
                  )
                ) : (
                  <span className="text-slate-500">System</span>
                )}
                {entry.actor?.kind === "apiKey" && (
                  <span className="ml-1.5 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">API key</span>
                )}
              </Cell>
              <Cell label="Action" className="break-words">
                <span className="font-medium text-slate-900" data-testid="audit-action">
                  {auditActionLabel(entry.action)}
                </span>
                <span className="block break-all font-mono text-[11px] text-slate-400">{entry.action}</span>
              </Cell>
              {showTarget && (
                <Cell label="Target">
                  {entry.targetType ? (
                    <span className="block">
                      {onFilter && entry.targetId ? (
                        <button
                          type="button"
                          className={`${filterButton} text-xs`}
                          title={`Show only entries for this ${entry.targetType}`}
                          onClick={() => onFilter({ targetType: entry.targetType, targetId: entry.targetId })}
                        >
                          {TARGET_NOUNS[entry.targetType] ?? entry.targetType}
                        </button>
                      ) : (
                        <span className="text-xs text-slate-600">{TARGET_NOUNS[entry.targetType] ?? entry.targetType}</span>
                      )}
                      <TargetName entry={entry} />
                    </span>
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </Cell>
              )}
              <Cell label="Changes">
                <AuditChanges metadata={entry.metadata} context={{ action: entry.action, targetType: entry.targetType, references: entry.references }} />
              </Cell>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
