import Link from "next/link";
import { useState } from "react";
import { CLIENT_STATUSES, type ClientStatus } from "~/lib/client-filters";
import type { ClientRecord } from "~/lib/router-types";
import { Button, ButtonLink } from "../ui/button";
import { ClientStatusBadge, STATUS_LABELS } from "./client-status-badge";

const compactSelect =
  "rounded-lg border border-slate-300 bg-white py-1.5 pl-2 pr-7 text-sm font-medium disabled:cursor-wait disabled:opacity-60";
const STATUS_TEXT: Record<ClientStatus, string> = { active: "text-emerald-700", paused: "text-amber-800", archived: "text-slate-600" };

function Contact({ client }: { client: ClientRecord }) {
  const parts = [client.contactName, client.contactEmail].filter(Boolean);
  return <p className="truncate text-xs text-slate-500">{parts.length ? parts.join(" · ") : "No contact yet"}</p>;
}

/** A live client: name (opens it), contact, status (a quick select for writers), edit and move-to-trash. */
export function ClientRow({
  client,
  canWrite,
  statusPending,
  onStatusChange,
  onMoveToTrash,
}: {
  client: ClientRecord;
  canWrite: boolean;
  statusPending: boolean;
  onStatusChange: (status: ClientStatus) => void;
  onMoveToTrash: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3" data-testid="client-row">
      <div className="min-w-0 flex-1 basis-56">
        <Link href={`/app/clients/${client.id}`} className="block truncate text-sm font-medium text-slate-900 hover:text-brand-700 hover:underline">
          {client.name}
        </Link>
        <Contact client={client} />
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {canWrite ? (
          <>
            <label htmlFor={`status-${client.id}`} className="sr-only">
              Status of {client.name}
            </label>
            <select
              id={`status-${client.id}`}
              value={client.status}
              disabled={statusPending}
              onChange={(event) => onStatusChange(event.target.value as ClientStatus)}
              className={`${compactSelect} ${STATUS_TEXT[client.status]}`}
            >
              {CLIENT_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {STATUS_LABELS[status]}
                </option>
              ))}
            </select>
            {confirming ? (
              <>
                <Button variant="secondary" className="!px-3 !py-1.5 text-rose-700" onClick={onMoveToTrash} autoFocus>
                  Move to trash
                </Button>
                <Button variant="ghost" className="!px-3 !py-1.5" onClick={() => setConfirming(false)}>
                  Cancel
                </Button>
              </>
            ) : (
              <>
                <ButtonLink href={`/app/clients/${client.id}`} variant="ghost" className="!px-3 !py-1.5" aria-label={`Edit ${client.name}`}>
                  Edit
                </ButtonLink>
                <Button variant="ghost" className="!px-3 !py-1.5" aria-label={`Delete ${client.name}`} onClick={() => setConfirming(true)}>
                  Delete
                </Button>
              </>
            )}
          </>
        ) : (
          <ClientStatusBadge status={client.status} />
        )}
      </div>
    </li>
  );
}
