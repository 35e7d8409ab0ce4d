import type { Prisma } from "@agency/db";
import { calendarDayIn, type MyWork, type MyWorkTask } from "@agency/validators";
import type { TenantScope } from "../scope";
import { listNotifications } from "./inbox";

/** Open assigned tasks listed in the groups; past it `truncated` says so (the tasks list has them all). */
export const MY_WORK_LIMIT = 200;
const RECENT_LIMIT = 10;
const RECENT_DAYS = 14;

const TASK_FIELDS = {
  id: true,
  title: true,
  status: true,
  priority: true,
  dueDate: true,
  updatedAt: true,
  project: { select: { id: true, name: true } },
} satisfies Prisma.TaskSelect;
type Row = Prisma.TaskGetPayload<{ select: typeof TASK_FIELDS }>;

const day = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (iso: string, days: number) => day(new Date(Date.parse(`${iso}T00:00:00.000Z`) + days * 86_400_000));

const toTask = (row: Row): MyWorkTask => ({
  id: row.id,
  title: row.title,
  status: row.status,
  priority: row.priority,
  dueDate: row.dueDate ? day(row.dueDate) : null,
  project: row.project,
  updatedAt: row.updatedAt.toISOString(),
});

/** The caller's own time zone (RLS: users_self), or null for UTC. */
async function storedTimeZone(scope: TenantScope): Promise<string | null> {
  const user = await scope.tx.user.findUnique({ where: { id: scope.actor.userId }, select: { timeZone: true } });
  return user?.timeZone ?? null;
}

/**
 * The home page: my open tasks by due date (overdue · today · the next 7 days · later or undated),
 * tasks recently changed in the projects I work in, and my latest mentions. Four queries whatever
 * the counts: the assigned tasks (index tasks_my_work_idx), my projects, their recent tasks, mentions
 * — plus my time zone when the caller does not say which day it is.
 */
export async function myWork(scope: TenantScope, input: { today?: string }): Promise<MyWork> {
  const { tx } = scope;
  const orgId = scope.org.id;
  const me = scope.actor.userId;
  // The browser sends its day; without it (the page's server render) the day is where the person
  // said they live (users.time_zone, set from the browser), so both normally agree.
  const today = input.today ?? calendarDayIn(await storedTimeZone(scope), new Date());
  const weekEnd = addDays(today, 7);
  const live = { orgId, deletedAt: null, project: { deletedAt: null } } satisfies Prisma.TaskWhereInput;

  const rows = await tx.task.findMany({
    where: { ...live, assigneeId: me, status: { not: "done" } },
    orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { priority: "desc" }, { id: "asc" }],
    take: MY_WORK_LIMIT + 1,
    select: TASK_FIELDS,
  });
  const assigned: MyWork["assigned"] = { overdue: [], today: [], thisWeek: [], later: [] };
  for (const task of rows.slice(0, MY_WORK_LIMIT).map(toTask)) {
    const due = task.dueDate;
    if (due === null || due > weekEnd) assigned.later.push(task);
    else if (due < today) assigned.overdue.push(task);
    else if (due === today) assigned.today.push(task);
    else assigned.thisWeek.push(task);
  }

  const mine = await tx.task.findMany({
    where: { ...live, OR: [{ assigneeId: me }, { createdById: me }] },
    distinct: ["projectId"],
    select: { projectId: true },
    take: 100,
  });
  const recent = mine.length
    ? await tx.task.findMany({
        where: {
          ...live,
          projectId: { in: mine.map((m) => m.projectId) },
          updatedAt: { gte: new Date(Date.now() - RECENT_DAYS * 86_400_000) },
        },
        orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
        take: RECENT_LIMIT,
        select: TASK_FIELDS,
      })
    : [];

  const mentions = await listNotifications(scope, { limit: 10, unreadOnly: false, kinds: ["mentioned"] });
  return {
    today,
    assigned,
    truncated: rows.length > MY_WORK_LIMIT,
    recentlyUpdated: recent.map(toTask),
    mentions: mentions.items,
  };
}
