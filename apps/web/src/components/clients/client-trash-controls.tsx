"use client";

import { clientSchema } from "@agency/validators";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { conflictCurrent } from "~/lib/api-conflict";
import { toUserFacingError } from "~/lib/api-error";
import { formatDate } from "~/lib/dates";
import type { ClientRecord } from "~/lib/router-types";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { InlineAlert } from "../ui/inline-alert";
import { useClientCache } from "./use-client-cache";

function failureText(error: unknown): string {
  return conflictCurrent(error, clientSchema)
    ? "Someone else changed this client just now. The page shows their version; try again if you still want to."
    : toUserFacingError(error).message;
}

/** Moving a client to the trash (soft delete, with a confirmation step). */
export function MoveToTrashCard({ orgId, client }: { orgId: string; client: ClientRecord }) {
  const trpc = useTRPC();
  const cache = useClientCache(orgId, client.id);
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    trpc.clients.delete.mutationOptions({
      onSuccess: (deleted) => cache.write(deleted),
      onError: (error) => {
        const latest = conflictCurrent(error, clientSchema);
        if (latest) cache.write(latest);
        setConfirming(false);
      },
      onSettled: () => void cache.refetchLists(),
    }),
  );
  return (
    <Card title="Move to trash">
      <p className="mb-3 text-sm text-slate-600">
        {client.name} disappears from the client list. It stays in the trash, where an admin can restore it.
      </p>
      {remove.error && (
        <div className="mb-3">
          <InlineAlert tone="error">{failureText(remove.error)}</InlineAlert>
        </div>
      )}
      {confirming ? (
        <div className="flex flex-wrap gap-2">
          <Button
            variant="secondary"
            className="text-rose-700"
            autoFocus
            disabled={remove.isPending}
            onClick={() => remove.mutate({ orgId, clientId: client.id, expectedVersion: client.version })}
          >
            {remove.isPending ? "Moving…" : `Yes, move ${client.name} to the trash`}
          </Button>
          <Button variant="ghost" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </div>
      ) : (
        <Button
          variant="secondary"
          onClick={() => {
            remove.reset();
            setConfirming(true);
          }}
        >
          Delete client
        </Button>
      )}
    </Card>
  );
}

/** The banner on a client that is in the trash, with Restore for writers. */
export function TrashedBanner({ orgId, client, canWrite }: { orgId: string; client: ClientRecord; canWrite: boolean }) {
  const trpc = useTRPC();
  const cache = useClientCache(orgId, client.id);
  const restore = useMutation(
    trpc.clients.restore.mutationOptions({
      onSuccess: (restored) => cache.write(restored),
      onError: (error) => {
        const latest = conflictCurrent(error, clientSchema);
        if (latest) cache.write(latest);
      },
      onSettled: () => void cache.refetchLists(),
    }),
  );
  return (
    <InlineAlert
      tone="warning"
      testId="client-trashed"
      title="This client is in the trash"
      actions={
        canWrite ? (
          <Button
            variant="secondary"
            disabled={restore.isPending}
            onClick={() => restore.mutate({ orgId, clientId: client.id, expectedVersion: client.version })}
          >
            {restore.isPending ? "Restoring…" : "Restore client"}
          </Button>
        ) : undefined
      }
    >
      {client.deletedAt ? `Deleted ${formatDate(client.deletedAt)}. ` : ""}
      {canWrite ? "Restore it to edit it again." : "An owner or admin can restore it."}
      {restore.error && <span className="mt-1 block font-medium">{failureText(restore.error)}</span>}
    </InlineAlert>
  );
}
