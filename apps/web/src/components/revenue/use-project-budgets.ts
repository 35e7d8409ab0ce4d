"use client";

import { useQuery } from "@tanstack/react-query";
import type { ProjectBudget } from "~/lib/revenue";
import { useTRPC } from "~/trpc/react";

/**
 * Budget vs invoiced for a set of projects in one call (a page of the list, or one project);
 * only for people who read revenue (invoiced amounts are revenue). Empty map otherwise.
 */
export function useProjectBudgets(
  orgId: string,
  projectIds: readonly string[],
  enabled: boolean,
): Map<string, ProjectBudget> {
  const trpc = useTRPC();
  const ids = [...projectIds].slice(0, 100);
  const budgets = useQuery(
    trpc.revenue.projectBudgets.queryOptions({ orgId, projectIds: ids }, { enabled: enabled && ids.length > 0 }),
  );
  return new Map((budgets.data?.items ?? []).map((item) => [item.projectId, item]));
}
