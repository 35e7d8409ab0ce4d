import type { Prisma } from "@agency/db";
import { AppError } from "../../errors/app-error";

export const fieldError = (field: string, message: string) =>
  new AppError("VALIDATION_ERROR", message, { issues: [{ path: [field], message, code: "custom" }] });

const notMember = () => fieldError("assigneeId", "The assignee must be a member of this organization.");

/**
 * Service-side check (a person, not an API key's service user); the tasks_assignee_is_member
 * trigger is the backstop.
 */
export async function assertAssigneeIsMember(
  tx: Prisma.TransactionClient,
  orgId: string,
  userId: string,
): Promise<void> {
  const member = await tx.membership.findUnique({
    where: { orgId_userId: { orgId, userId } },
    select: { user: { select: { kind: true } } },
  });
  if (member?.user.kind !== "person") throw notMember();
}

/** True for the trigger's refusal (SQLSTATE 23503, constraint tasks_assignee_is_member), however the driver wraps it. */
export function isAssigneeViolation(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): boolean => {
    if (!value || typeof value !== "object" || seen.has(value) || depth > 5) return false;
    seen.add(value);
    const record = value as Record<string, unknown>;
    const text = [record.message, record.constraint, record.originalMessage, JSON.stringify(record.meta ?? null)].join(
      " ",
    );
    if (text.includes("tasks_assignee_is_member") || /is not a member of organization/.test(text)) return true;
    return visit(record.cause, depth + 1) || visit(record.meta, depth + 1);
  };
  return visit(error, 0);
}

/** Runs a task write, turning the assignee trigger's 23503 into the same 400 as the service check. */
export async function withAssigneeBackstop<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isAssigneeViolation(error)) throw notMember();
    throw error;
  }
}
