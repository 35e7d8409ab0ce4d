import type { Prisma } from "@agency/db";
import type { TaskStatus } from "@agency/validators";

/** Space between neighbours when a column is (re)numbered or a task goes to an end. */
export const POSITION_STEP = 1024;
/** Below this gap between two neighbours, the column is renumbered before placing between them. */
export const MIN_POSITION_GAP = 1e-6;

/**
 * Serializes position changes within one project (creates and moves) for the rest of the
 * transaction, so two writers never compute the same slot or renumber under each other.
 */
export async function lockProjectBoard(tx: Prisma.TransactionClient, projectId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`tasks-board:${projectId}`}, 0))`;
}

export const columnWhere = (orgId: string, projectId: string, status: TaskStatus): Prisma.TaskWhereInput => ({
  orgId,
  projectId,
  status,
  deletedAt: null,
});

/** The position after the last live task of a column (the board's "add to bottom"). */
export async function endOfColumn(
  tx: Prisma.TransactionClient,
  orgId: string,
  projectId: string,
  status: TaskStatus,
): Promise<number> {
  const last = await tx.task.findFirst({
    where: columnWhere(orgId, projectId, status),
    // deleted_at leads so a backward scan of the board index serves it (IS NULL is no equality).
    orderBy: [{ deletedAt: { sort: "desc", nulls: "first" } }, { position: "desc" }, { id: "desc" }],
    select: { position: true },
  });
  return last ? last.position + POSITION_STEP : POSITION_STEP;
}

/**
 * Renumbers a column's live tasks 1024, 2048, … in their current order (one statement),
 * leaving `exceptTaskId` (the task being moved) alone. Their versions move on so board
 * clients and editors see the new positions; updated_at stays (nothing a person changed).
 */
export async function renumberColumn(
  tx: Prisma.TransactionClient,
  orgId: string,
  projectId: string,
  status: TaskStatus,
  exceptTaskId: string,
): Promise<number> {
  return tx.$executeRaw`
    UPDATE tasks AS t
       SET position = r.rn * ${POSITION_STEP}::float8, version = t.version + 1
      FROM (SELECT id, row_number() OVER (ORDER BY position, id) AS rn
              FROM tasks
             WHERE org_id = ${orgId}::uuid AND project_id = ${projectId}::uuid
               AND status = ${status}::task_status AND deleted_at IS NULL AND id <> ${exceptTaskId}::uuid) AS r
     WHERE t.id = r.id AND t.org_id = ${orgId}::uuid`;
}
