import type { ReactNode } from "react";
import type { ClientRecord } from "~/lib/router-types";
import { ClientStatusBadge } from "./client-status-badge";

/** A client's fields, read only (viewers, and clients in the trash). */
export function ClientSummary({ client }: { client: ClientRecord }) {
  const rows: [string, ReactNode][] = [
    ["Contact name", client.contactName ?? "—"],
    [
      "Contact email",
      client.contactEmail ? (
        <a href={`mailto:${client.contactEmail}`} className="text-brand-700 hover:underline">
          {client.contactEmail}
        </a>
      ) : (
        "—"
      ),
    ],
    ["Status", <ClientStatusBadge key="status" status={client.status} />],
  ];
  return (
    <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[10rem_minmax(0,1fr)]" data-testid="client-summary">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-medium text-slate-500">{label}</dt>
          <dd className="break-words text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
