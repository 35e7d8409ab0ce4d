import { Prisma } from "@agency/db";
import { mentionedUserIds, type NotificationKind } from "@agency/validators";
import type { TenantScope } from "../scope";

/**
 * Notifications and following, written in the transaction of the change that causes them (like the
 * webhook outbox): a rolled-back change leaves no notification. Every recipient is checked against
 * the organization's memberships in the INSERT itself (a non-member's id — a stale or forged
 * mention — is ignored), and the actor is never notified about their own action (the API leaves
 * them out; the table's CHECK and RLS refuse it too). One statement per kind whatever the number of
 * recipients.
 */
export type FollowReason = "creator" | "assignee" | "commenter" | "mentioned" | "manual";

type NotifyScope = Pick<TenantScope, "tx" | "org" | "actor">;

const uuidArray = (ids: readonly string[]) => Prisma.sql`${[...ids]}::uuid[]`;

/** Makes members follow a task (no change for one who follows already or explicitly unfollowed). */
export async function addFollowers(
  scope: NotifyScope,
  taskId: string,
  userIds: readonly string[],
  reason: FollowReason,
) {
  if (userIds.length === 0) return;
  await scope.tx.$executeRaw`
    INSERT INTO task_followers (org_id, task_id, user_id, reason)
    SELECT m.org_id, ${taskId}::uuid, m.user_id, ${reason}
      FROM memberships m
     WHERE m.org_id = ${scope.org.id}::uuid AND m.user_id = ANY (${uuidArray(userIds)})
    ON CONFLICT (task_id, user_id) DO NOTHING`;
}

interface NotificationFacts {
  kind: NotificationKind;
  taskId: string;
  commentId?: string | null;
  data?: Record<string, string>;
}

/** Notifies these members (others and the actor are left out). */
export async function notifyUsers(scope: NotifyScope, userIds: readonly string[], facts: NotificationFacts) {
  const recipients = userIds.filter((id) => id !== scope.actor.userId);
  if (recipients.length === 0) return;
  await scope.tx.$executeRaw`
    INSERT INTO notifications (id, org_id, user_id, kind, task_id, actor_id, comment_id, data)
    SELECT gen_random_uuid(), m.org_id, m.user_id, ${facts.kind}::notification_kind, ${facts.taskId}::uuid,
           ${scope.actor.userId}::uuid, ${facts.commentId ?? null}::uuid, ${JSON.stringify(facts.data ?? {})}::jsonb
      FROM memberships m
     WHERE m.org_id = ${scope.org.id}::uuid AND m.user_id = ANY (${uuidArray(recipients)})
       AND m.user_id <> ${scope.actor.userId}::uuid`;
}

/** Notifies the task's followers who are still members, except the actor and `except`. */
export async function notifyFollowers(scope: NotifyScope, facts: NotificationFacts, except: readonly string[] = []) {
  await scope.tx.$executeRaw`
    INSERT INTO notifications (id, org_id, user_id, kind, task_id, actor_id, comment_id, data)
    SELECT gen_random_uuid(), f.org_id, f.user_id, ${facts.kind}::notification_kind, f.task_id,
           ${scope.actor.userId}::uuid, ${facts.commentId ?? null}::uuid, ${JSON.stringify(facts.data ?? {})}::jsonb
      FROM task_followers f
      JOIN memberships m ON m.org_id = f.org_id AND m.user_id = f.user_id
     WHERE f.org_id = ${scope.org.id}::uuid AND f.task_id = ${facts.taskId}::uuid AND f.following
       AND f.user_id <> ${scope.actor.userId}::uuid
       AND NOT (f.user_id = ANY (${uuidArray(except)}))`;
}

/**
 * Mentions new in `after` (not already in `before`): each mentioned member follows the task and
 * gets a `mentioned` notification. Returns the ids notified (members only, never the actor).
 */
export async function notifyMentions(
  scope: NotifyScope,
  taskId: string,
  texts: { before: string; after: string },
  commentId: string | null = null,
): Promise<string[]> {
  const already = new Set(mentionedUserIds(texts.before));
  const fresh = mentionedUserIds(texts.after).filter((id) => !already.has(id) && id !== scope.actor.userId);
  if (fresh.length === 0) return [];
  const members = await scope.tx.membership.findMany({
    where: { orgId: scope.org.id, userId: { in: fresh } },
    select: { userId: true },
  });
  const ids = members.map((m) => m.userId);
  await addFollowers(scope, taskId, ids, "mentioned");
  await notifyUsers(scope, ids, { kind: "mentioned", taskId, commentId });
  return ids;
}
