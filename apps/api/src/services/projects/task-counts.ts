import type { TransactionClient } from "@agency/db";
import { NO_TASKS, type TaskCounts } from "./project-dto";

/**
 * Live tasks per status for a whole page of projects in one grouped query
 * (never one query per project).
 */
export async function taskCountsByProject(
  tx: TransactionClient,
  projectIds: string[],
): Promise<Map<string, TaskCounts>> {
  const counts = new Map<string, TaskCounts>(projectIds.map((id) => [id, { ...NO_TASKS }]));
  if (projectIds.length === 0) return counts;
  const groups = await tx.task.groupBy({
    by: ["projectId", "status"],
    where: { projectId: { in: projectIds }, deletedAt: null },
    _count: true,
  });
  for (const group of groups) {
    const entry = counts.get(group.projectId);
    if (entry) entry[group.status] = group._count;
  }
  return counts;
}
