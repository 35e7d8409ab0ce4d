"use client";

import { useQueryClient } from "@tanstack/react-query";
import type { ClientRecord } from "~/lib/router-types";
import { useTRPC } from "~/trpc/react";

/** The one client's cached record, and the lists it appears in, kept in step after a write. */
export function useClientCache(orgId: string, clientId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.clients.get.queryKey({ orgId, clientId });
  return {
    read: () => queryClient.getQueryData(key),
    write: (client: ClientRecord | undefined) => queryClient.setQueryData(key, client),
    cancel: () => queryClient.cancelQueries({ queryKey: key }),
    refetchLists: () => queryClient.invalidateQueries(trpc.clients.list.infiniteQueryFilter({ orgId })),
    refetch: () => queryClient.invalidateQueries({ queryKey: key }),
  };
}
