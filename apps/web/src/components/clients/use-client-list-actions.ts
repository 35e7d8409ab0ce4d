"use client";

import { useMutation, useQueryClient, type InfiniteData, type QueryKey } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { isConflict } from "~/lib/api-conflict";
import { toUserFacingError } from "~/lib/api-error";
import type { ClientStatus } from "~/lib/client-filters";
import { withItemChanged, withoutItem } from "~/lib/infinite-pages";
import type { ClientRecord, RouterOutputs } from "~/lib/router-types";
import { useTRPC } from "~/trpc/react";

type ClientListData = InfiniteData<RouterOutputs["clients"]["list"], string | null>;

export interface ClientListNotice {
  tone: "success" | "error";
  message: string;
  /** Offered after a delete: puts the client back at once. */
  undo?: () => void;
}

/**
 * Delete, restore and quick status changes from the list, applied to every
 * cached page at once (optimistic) and rolled back if the API refuses; the
 * lists are refetched afterwards either way, so sort and filters stay true.
 */
export function useClientListActions(orgId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<ClientListNotice | null>(null);
  const lists = trpc.clients.list.infiniteQueryFilter({ orgId });
  // Names of the clients acted on, for messages about rows that may already be gone from the cache.
  const names = useRef(new Map<string, string>());
  const nameOf = (clientId: string) => names.current.get(clientId) ?? "This client";
  const track = (client: ClientRecord) => {
    names.current.set(client.id, client.name);
    setNotice(null);
  };

  async function changeLists(change: (data: ClientListData | undefined) => ClientListData | undefined) {
    await queryClient.cancelQueries(lists);
    const snapshot = queryClient.getQueriesData(lists);
    queryClient.setQueriesData(lists, change);
    return snapshot;
  }
  function rollback(snapshot: [QueryKey, unknown][] | undefined) {
    for (const [key, data] of snapshot ?? []) queryClient.setQueryData(key, data);
  }
  const refetchLists = () => queryClient.invalidateQueries(lists);
  const remember = (client: ClientRecord) =>
    queryClient.setQueryData(trpc.clients.get.queryKey({ orgId, clientId: client.id }), client);
  const failure = (error: unknown, name: string, verb: string): ClientListNotice => ({
    tone: "error",
    message: isConflict(error)
      ? `Someone else changed ${name} just now, so it was not ${verb}. The list now shows their version.`
      : `${name} was not ${verb}: ${toUserFacingError(error).message}`,
  });

  const restore = useMutation(
    trpc.clients.restore.mutationOptions({
      onMutate: async (input) => ({ snapshot: await changeLists((data) => withoutItem(data, input.clientId)) }),
      onError: (error, input, context) => {
        rollback(context?.snapshot);
        setNotice(failure(error, nameOf(input.clientId), "restored"));
      },
      onSuccess: (client) => {
        remember(client);
        setNotice({ tone: "success", message: `Restored ${client.name}.` });
      },
      onSettled: refetchLists,
    }),
  );

  const remove = useMutation(
    trpc.clients.delete.mutationOptions({
      onMutate: async (input) => ({ snapshot: await changeLists((data) => withoutItem(data, input.clientId)) }),
      onError: (error, input, context) => {
        rollback(context?.snapshot);
        setNotice(failure(error, nameOf(input.clientId), "moved to the trash"));
      },
      onSuccess: (client) => {
        remember(client);
        setNotice({
          tone: "success",
          message: `Moved ${client.name} to the trash.`,
          undo: () => restore.mutate({ orgId, clientId: client.id, expectedVersion: client.version }),
        });
      },
      onSettled: refetchLists,
    }),
  );

  const updateStatus = useMutation(
    trpc.clients.update.mutationOptions({
      onMutate: async (input) => ({
        snapshot: await changeLists((data) =>
          withItemChanged(data, input.clientId, (client) => ({ ...client, status: input.patch.status ?? client.status })),
        ),
      }),
      onError: (error, input, context) => {
        rollback(context?.snapshot);
        setNotice(failure(error, nameOf(input.clientId), "updated"));
      },
      onSuccess: (client) => {
        remember(client);
        queryClient.setQueriesData(lists, (data: ClientListData | undefined) => withItemChanged(data, client.id, () => client));
      },
      onSettled: refetchLists,
    }),
  );

  return {
    notice,
    dismissNotice: () => setNotice(null),
    moveToTrash: (client: ClientRecord) => {
      track(client);
      remove.mutate({ orgId, clientId: client.id, expectedVersion: client.version });
    },
    restore: (client: ClientRecord) => {
      track(client);
      restore.mutate({ orgId, clientId: client.id, expectedVersion: client.version });
    },
    changeStatus: (client: ClientRecord, status: ClientStatus) => {
      track(client);
      updateStatus.mutate({ orgId, clientId: client.id, expectedVersion: client.version, patch: { status } });
    },
    /** The client whose quick status change is on its way (its select waits, so the next change has the new version). */
    statusPendingFor: updateStatus.isPending ? (updateStatus.variables?.clientId ?? null) : null,
  };
}
