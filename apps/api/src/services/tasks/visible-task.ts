import type { Prisma } from "@agency/db";

/**
 * Tasks the API shows: in this org and in a live project (a trashed project hides its
 * tasks, which come back with it). Whether the task itself is trashed is up to the caller.
 */
export const visibleTask = (orgId: string, taskId: string): Prisma.TaskWhereInput => ({
  id: taskId,
  orgId,
  project: { deletedAt: null },
});
