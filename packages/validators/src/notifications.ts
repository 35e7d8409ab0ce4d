import { z } from "zod";
import { orgIdInputSchema } from "./organizations";
import { cursorString } from "./primitives";
import { isoDateOutputSchema, isoDateSchema } from "./projects";
import { taskPrioritySchema, taskStatusSchema } from "./tasks";

/** What a notification is about (README "My work and notifications"). */
export const notificationKindSchema = z.enum(["assigned", "mentioned", "commented", "due_soon", "status_changed"]);
export type NotificationKind = z.infer<typeof notificationKindSchema>;
export const NOTIFICATION_KINDS = notificationKindSchema.options;

/** Without a stored choice: in-app for every kind, email for assignments and mentions. */
export const DEFAULT_NOTIFICATION_PREFERENCE: Record<NotificationKind, { inApp: boolean; email: boolean }> = {
  assigned: { inApp: true, email: true },
  mentioned: { inApp: true, email: true },
  commented: { inApp: true, email: false },
  due_soon: { inApp: true, email: false },
  status_changed: { inApp: true, email: false },
};

/**
 * A mention in Markdown (comments, task descriptions) is stored as `<@user-id>` and rendered as the
 * member's name; the editors show `@Name` and convert on save. CommonMark reads `<@…>` as plain text.
 */
export const MENTION_PATTERN = /<@([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/gi;

/** The distinct user ids mentioned in a text (at most 50: more is not a mention, it is a list). */
export function mentionedUserIds(text: string): string[] {
  const ids = new Set<string>();
  for (const match of text.matchAll(MENTION_PATTERN)) {
    ids.add(match[1]!.toLowerCase());
    if (ids.size >= 50) break;
  }
  return [...ids];
}

const personSchema = z.object({ id: z.uuid(), name: z.string() });

export const notificationSchema = z.object({
  id: z.uuid(),
  kind: notificationKindSchema,
  task: z.object({ id: z.uuid(), title: z.string(), projectId: z.uuid() }),
  actor: personSchema.nullable(),
  commentId: z.uuid().nullable(),
  /** status_changed: `from`/`to`; due_soon: `dueDate`. */
  data: z.object({
    from: taskStatusSchema.optional(),
    to: taskStatusSchema.optional(),
    dueDate: isoDateOutputSchema.optional(),
  }),
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});
export type NotificationDto = z.infer<typeof notificationSchema>;

export const listNotificationsInputSchema = orgIdInputSchema.extend({
  limit: z.number().int().min(1).max(100).default(30),
  /** null = the first page (what tRPC's infinite queries send for a page they hold no cursor for). */
  cursor: cursorString().nullish(),
  unreadOnly: z.boolean().default(false),
});
export const notificationPageSchema = z.object({
  items: z.array(notificationSchema),
  nextCursor: z.string().nullable(),
  unread: z.number().int(),
});

export const markNotificationsReadInputSchema = orgIdInputSchema
  .extend({
    /** These notifications (of the caller); omit with `all: true` for every unread one. */
    ids: z.array(z.uuid()).min(1).max(100).optional(),
    all: z.boolean().optional(),
    /** false marks them unread again. */
    read: z.boolean().default(true),
  })
  .refine((input) => Boolean(input.ids) !== Boolean(input.all), {
    message: "Name the notifications, or pass all: true",
    path: ["ids"],
  });
export const markNotificationsReadResultSchema = z.object({ updated: z.number().int(), unread: z.number().int() });

export const unreadCountSchema = z.object({ unread: z.number().int() });
/** The live inbox stream: the unread count now, and after every change. */
export const notificationStreamItemSchema = z.object({ unread: z.number().int(), at: z.iso.datetime() });
export type NotificationStreamItem = z.infer<typeof notificationStreamItemSchema>;

export const notificationPreferenceSchema = z.object({
  kind: notificationKindSchema,
  inApp: z.boolean(),
  email: z.boolean(),
});
export const notificationPreferencesSchema = z.object({ items: z.array(notificationPreferenceSchema) });
export const updateNotificationPreferencesInputSchema = z.object({
  items: z.array(notificationPreferenceSchema).min(1).max(NOTIFICATION_KINDS.length),
});

export const unsubscribeInputSchema = z.object({ token: z.string().min(10).max(1024) });
export const unsubscribeResultSchema = z.object({ unsubscribed: z.literal(true) });

export const followTaskInputSchema = orgIdInputSchema.extend({ taskId: z.uuid(), following: z.boolean() });
export const taskFollowStateSchema = z.object({
  following: z.boolean(),
  followers: z.array(personSchema),
});
export const taskFollowInputSchema = orgIdInputSchema.extend({ taskId: z.uuid() });

// ─── My work ────────────────────────────────────────────────────────────────
export const myWorkInputSchema = orgIdInputSchema.extend({
  /** The viewer's local date (groups are by calendar day where they are); default: today in their stored time zone (UTC if none). */
  today: isoDateSchema.optional(),
});

export const myWorkTaskSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  status: taskStatusSchema,
  priority: taskPrioritySchema,
  dueDate: isoDateOutputSchema.nullable(),
  project: z.object({ id: z.uuid(), name: z.string() }),
  updatedAt: z.iso.datetime(),
});
export type MyWorkTask = z.infer<typeof myWorkTaskSchema>;

export const myWorkSchema = z.object({
  today: isoDateOutputSchema,
  assigned: z.object({
    overdue: z.array(myWorkTaskSchema),
    today: z.array(myWorkTaskSchema),
    thisWeek: z.array(myWorkTaskSchema),
    later: z.array(myWorkTaskSchema),
  }),
  /** More open tasks are assigned than listed (the groups hold the first 200 by due date). */
  truncated: z.boolean(),
  /** Tasks of the projects I work in (assigned or created a task there) changed lately, newest first. */
  recentlyUpdated: z.array(myWorkTaskSchema),
  mentions: z.array(notificationSchema),
});
export type MyWork = z.infer<typeof myWorkSchema>;
