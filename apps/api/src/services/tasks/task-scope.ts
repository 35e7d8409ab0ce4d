import type { Prisma } from "@agency/db";
import type { Role } from "@agency/validators";
import type { OrgScope } from "../service-context";

type TenantDb = <T>(fn: (tx: Prisma.TransactionClient) => Promise<T>) => Promise<T>;

/** An org-scoped call with the RLS transaction runner from orgProcedure. */
export interface TaskScope extends Omit<OrgScope, "prisma"> {
  db: TenantDb;
  org: { id: string; role: Role };
}

/**
 * Tasks the API shows: in this org and in a live project (a trashed project hides its
 * tasks, which come back with it). Whether the task itself is trashed is up to the caller.
 */
export const visibleTask = (orgId: string, taskId: string): Prisma.TaskWhereInput => ({
  id: taskId,
  orgId,
  project: { deletedAt: null },
});
