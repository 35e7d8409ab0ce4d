"use client";

import { roleHasPermission, type Role } from "@agency/validators";
import Link from "next/link";
import { useState, type MouseEvent } from "react";
import { clientFiltersQuery, DEFAULT_CLIENT_FILTERS, parseClientFilters, type ClientsView } from "~/lib/client-filters";
import type { ClientRecord } from "~/lib/router-types";
import { useHydrated } from "~/lib/use-hydrated";
import { useUrlFilters } from "~/lib/use-url-filters";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { InlineAlert } from "../ui/inline-alert";
import { TabLinks } from "../ui/tab-links";
import { ClientFiltersBar } from "./client-filters-bar";
import { ClientsList } from "./clients-list";
import { CreateClientForm } from "./create-client-form";
import { useClientListActions } from "./use-client-list-actions";

export interface ClientsOrg {
  id: string;
  name: string;
  role: Role;
}

/** A plain left click (no new tab/window wanted): handled in place. */
function isPlainClick(event: MouseEvent) {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

/** The clients of the active organization: filters in the URL, the live list or the trash, and (for writers) a create form. */
export function ClientsPage({ org }: { org: ClientsOrg }) {
  const [filters, setFilters] = useUrlFilters(parseClientFilters, clientFiltersQuery);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ClientRecord | null>(null);
  const hydrated = useHydrated();
  const actions = useClientListActions(org.id);
  const canWrite = roleHasPermission(org.role, "client:write");

  const showView = (view: ClientsView) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    actions.dismissNotice();
    setFilters({ ...filters, view }, "push");
  };
  const tabHref = (view: ClientsView) => `/app/clients${clientFiltersQuery({ ...filters, view })}`;
  const openCreate = () => {
    setCreated(null);
    setCreating(true);
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-bold tracking-tight text-slate-900">Clients</h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <span>The companies {org.name} works for.</span>
            {!canWrite && <Badge>Read only</Badge>}
          </p>
        </div>
        {canWrite && !creating && (
          <Button onClick={openCreate} disabled={!hydrated}>
            New client
          </Button>
        )}
      </div>

      {!canWrite && (
        <p className="text-sm text-slate-600" data-testid="clients-read-only">
          You can see clients. Only owners and admins can add, edit or delete them.
        </p>
      )}

      {canWrite && creating && (
        <CreateClientForm
          orgId={org.id}
          onCancel={() => setCreating(false)}
          onCreated={(client) => {
            setCreating(false);
            setCreated(client);
          }}
        />
      )}
      {created && !creating && (
        <InlineAlert
          tone="success"
          testId="client-created"
          actions={
            <>
              <Link href={`/app/clients/${created.id}`} className="font-semibold underline">
                Open {created.name}
              </Link>
              <button type="button" className="underline" onClick={openCreate}>
                Add another
              </button>
            </>
          }
        >
          Created {created.name}.
        </InlineAlert>
      )}

      <Card>
        <div className="space-y-4">
          <TabLinks
            label="Client views"
            tabs={[
              { href: tabHref("clients"), label: "Clients", current: filters.view === "clients", onClick: showView("clients") },
              { href: tabHref("trash"), label: "Trash", current: filters.view === "trash", onClick: showView("trash") },
            ]}
          />
          <ClientFiltersBar filters={filters} onChange={(next) => setFilters(next)} />
          {actions.notice && (
            <InlineAlert
              tone={actions.notice.tone}
              testId="clients-notice"
              actions={
                <>
                  {actions.notice.undo && (
                    <button type="button" className="font-semibold underline" onClick={actions.notice.undo}>
                      Undo
                    </button>
                  )}
                  <button type="button" className="underline" onClick={actions.dismissNotice}>
                    Dismiss
                  </button>
                </>
              }
            >
              {actions.notice.message}
            </InlineAlert>
          )}
          <ClientsList
            orgId={org.id}
            filters={filters}
            canWrite={canWrite}
            actions={actions}
            onClearFilters={() => setFilters({ ...DEFAULT_CLIENT_FILTERS, sort: filters.sort, view: filters.view })}
            onCreate={openCreate}
          />
        </div>
      </Card>
    </div>
  );
}
