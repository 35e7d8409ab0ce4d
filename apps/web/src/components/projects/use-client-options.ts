"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";

/** The organization's live clients for pickers (first 100 by name: an agency's client list, not a search). */
export function useClientOptions(orgId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.clients.list.queryOptions({ orgId, limit: 100, sort: "name" }, { staleTime: 60_000 }));
}
