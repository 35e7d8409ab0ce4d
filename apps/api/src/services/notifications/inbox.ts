import type { Prisma } from "@agency/db";
import {
  DEFAULT_NOTIFICATION_PREFERENCE,
  NOTIFICATION_KINDS,
  type listNotificationsInputSchema,
  type markNotificationsReadInputSchema,
  type NotificationDto,
  type NotificationKind,
  type updateNotificationPreferencesInputSchema,
} from "@agency/validators";
import type { z } from "zod";
import { AppError } from "../../errors/app-error";
import { decodeTimestampCursor, encodeCursor } from "../../lib/cursor";
import { pageOf } from "../../lib/page";
import type { AccountScope, TenantScope } from "../scope";

type Preference = { kind: NotificationKind; inApp: boolean; email: boolean };

/** The user's choice per kind, defaults filled in. RLS: a user reads only their own rows. */
export async function readPreferences(scope: Pick<AccountScope, "tx" | "actor">): Promise<Preference[]> {
  const rows = await scope.tx.notificationPreference.findMany({
    where: { userId: scope.actor.userId },
    select: { kind: true, inApp: true, email: true },
  });
  const stored = new Map(rows.map((row) => [row.kind, row]));
  return NOTIFICATION_KINDS.map((kind) => stored.get(kind) ?? { kind, ...DEFAULT_NOTIFICATION_PREFERENCE[kind] });
}

export async function updatePreferences(
  scope: Pick<AccountScope, "tx" | "actor">,
  input: z.output<typeof updateNotificationPreferencesInputSchema>,
): Promise<Preference[]> {
  for (const item of input.items) {
    await scope.tx.notificationPreference.upsert({
      where: { userId_kind: { userId: scope.actor.userId, kind: item.kind } },
      create: { userId: scope.actor.userId, kind: item.kind, inApp: item.inApp, email: item.email },
      update: { inApp: item.inApp, email: item.email, updatedAt: new Date() },
    });
  }
  return readPreferences(scope);
}

/** The inbox shows kinds the user keeps in-app, on tasks that are not in the trash. */
async function inboxWhere(scope: TenantScope): Promise<Prisma.NotificationWhereInput> {
  const kinds = (await readPreferences(scope)).filter((p) => p.inApp).map((p) => p.kind);
  return {
    orgId: scope.org.id,
    userId: scope.actor.userId,
    kind: { in: kinds },
    task: { deletedAt: null, project: { deletedAt: null } },
  };
}

export async function unreadCount(scope: TenantScope): Promise<number> {
  return scope.tx.notification.count({ where: { ...(await inboxWhere(scope)), readAt: null } });
}

const NOTIFICATION_FIELDS = {
  id: true,
  kind: true,
  commentId: true,
  data: true,
  createdAt: true,
  readAt: true,
  task: { select: { id: true, title: true, projectId: true } },
  actor: { select: { id: true, name: true } },
} satisfies Prisma.NotificationSelect;
type NotificationRow = Prisma.NotificationGetPayload<{ select: typeof NOTIFICATION_FIELDS }>;

function toNotificationDto(row: NotificationRow): NotificationDto {
  const data = (row.data ?? {}) as Record<string, unknown>;
  const facts: NotificationDto["data"] = {};
  if (typeof data.from === "string") facts.from = data.from as NotificationDto["data"]["from"];
  if (typeof data.to === "string") facts.to = data.to as NotificationDto["data"]["to"];
  if (typeof data.dueDate === "string") facts.dueDate = data.dueDate;
  return {
    id: row.id,
    kind: row.kind,
    task: row.task,
    actor: row.actor,
    commentId: row.commentId,
    data: facts,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

/** Newest first, keyset-paginated on (created_at, id); with the unread count. */
export async function listNotifications(
  scope: TenantScope,
  input: Pick<z.output<typeof listNotificationsInputSchema>, "limit" | "cursor" | "unreadOnly"> & {
    kinds?: NotificationKind[];
  },
) {
  const base = await inboxWhere(scope);
  const where: Prisma.NotificationWhereInput = { ...base };
  if (input.kinds)
    where.kind = { in: input.kinds.filter((k) => (base.kind as { in: NotificationKind[] }).in.includes(k)) };
  if (input.unreadOnly) where.readAt = null;
  if (input.cursor) {
    const { at, id } = decodeTimestampCursor(input.cursor);
    where.createdAt = { lte: at };
    where.OR = [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }];
  }
  const [rows, unread] = await Promise.all([
    scope.tx.notification.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: input.limit + 1,
      select: NOTIFICATION_FIELDS,
    }),
    scope.tx.notification.count({ where: { ...base, readAt: null } }),
  ]);
  const page = pageOf(rows, input.limit, (last) => encodeCursor(last.createdAt.getTime(), last.id));
  return { items: page.rows.map(toNotificationDto), nextCursor: page.nextCursor, unread };
}

/** Marks the caller's notifications read (or unread again); RLS lets nobody touch anyone else's. */
export async function markNotificationsRead(
  scope: TenantScope,
  input: z.output<typeof markNotificationsReadInputSchema>,
) {
  const where: Prisma.NotificationWhereInput = {
    orgId: scope.org.id,
    userId: scope.actor.userId,
    readAt: input.read ? null : { not: null },
    ...(input.ids ? { id: { in: input.ids } } : {}),
  };
  const { count } = await scope.tx.notification.updateMany({ where, data: { readAt: input.read ? new Date() : null } });
  return { updated: count, unread: await unreadCount(scope) };
}

// ─── Following ──────────────────────────────────────────────────────────────

async function assertTask(scope: TenantScope, taskId: string) {
  const task = await scope.tx.task.findFirst({
    where: { id: taskId, orgId: scope.org.id, project: { deletedAt: null } },
    select: { id: true },
  });
  if (!task) throw new AppError("NOT_FOUND", "Task not found.");
}

export async function followState(scope: TenantScope, taskId: string) {
  await assertTask(scope, taskId);
  const rows = await scope.tx.taskFollower.findMany({
    where: { orgId: scope.org.id, taskId, following: true, user: { memberships: { some: { orgId: scope.org.id } } } },
    orderBy: { createdAt: "asc" },
    select: { user: { select: { id: true, name: true } } },
  });
  const followers = rows.map((row) => row.user);
  return { following: followers.some((f) => f.id === scope.actor.userId), followers };
}

/** Explicit follow / unfollow: an unfollowed task stays unfollowed when the user comments or is mentioned later. */
export async function setFollowing(scope: TenantScope, taskId: string, following: boolean) {
  await assertTask(scope, taskId);
  await scope.tx.$executeRaw`
    INSERT INTO task_followers (org_id, task_id, user_id, reason, following)
    VALUES (${scope.org.id}::uuid, ${taskId}::uuid, ${scope.actor.userId}::uuid, 'manual', ${following})
    ON CONFLICT (task_id, user_id) DO UPDATE SET following = EXCLUDED.following, updated_at = now()`;
  return followState(scope, taskId);
}
