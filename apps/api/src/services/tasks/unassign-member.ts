import type { Prisma } from "@agency/db";

/**
 * Unassigns a user's tasks in one organization (live and trashed, so a restored task
 * never comes back assigned to a non-member). Call it in the transaction that removes
 * the membership, before the membership row goes; each task's version moves on so open
 * editors see a conflict instead of silently re-assigning.
 */
export async function unassignMemberTasks(
  tx: Prisma.TransactionClient,
  orgId: string,
  userId: string,
): Promise<number> {
  const { count } = await tx.task.updateMany({
    where: { orgId, assigneeId: userId },
    data: { assigneeId: null, version: { increment: 1 } },
  });
  return count;
}
