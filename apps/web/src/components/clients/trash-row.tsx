import type { ClientRecord } from "~/lib/router-types";
import { formatDate } from "~/lib/dates";
import { Button } from "../ui/button";
import { ClientStatusBadge } from "./client-status-badge";

/** A client in the trash: when it was deleted, and Restore for writers. */
export function TrashRow({ client, canWrite, onRestore }: { client: ClientRecord; canWrite: boolean; onRestore: () => void }) {
  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3" data-testid="client-row">
      <div className="min-w-0 flex-1 basis-56">
        <p className="truncate text-sm font-medium text-slate-900">{client.name}</p>
        <p className="truncate text-xs text-slate-500">{client.deletedAt ? `Deleted ${formatDate(client.deletedAt)}` : "Deleted"}</p>
      </div>
      <div className="flex items-center gap-2">
        <ClientStatusBadge status={client.status} />
        {canWrite && (
          <Button variant="secondary" className="!px-3 !py-1.5" aria-label={`Restore ${client.name}`} onClick={onRestore}>
            Restore
          </Button>
        )}
      </div>
    </li>
  );
}
