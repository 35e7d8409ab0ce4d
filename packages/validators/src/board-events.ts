import { z } from "zod";
import { orgIdInputSchema } from "./organizations";
import { bigintIdString } from "./primitives";
import { taskSchema } from "./tasks";

export const boardEventKindSchema = z.enum([
  "task.created",
  "task.updated",
  "task.moved",
  "task.deleted",
  "task.restored",
  "comment.created",
  "comment.updated",
  "comment.deleted",
]);
export type BoardEventKind = z.infer<typeof boardEventKindSchema>;

/**
 * Subscribe to one project's board. `lastEventId` (sent by tRPC's SSE link on
 * reconnect) resumes after the last event seen, replaying what was missed.
 */
export const boardEventsInputSchema = orgIdInputSchema.extend({
  projectId: z.uuid(),
  /** A board event id (int8): a larger number cannot be one, and is refused before any query. */
  lastEventId: bigintIdString().nullish(),
});

/** The newest board event of a project when read: a stream opened with it as `lastEventId` misses nothing after. */
export const boardHeadInputSchema = orgIdInputSchema.extend({ projectId: z.uuid() });
export const boardHeadSchema = z.object({ lastEventId: z.string() });

/** One change on a board: the task as it is now (null when it left this project or the viewer's sight). */
export const boardEventSchema = z.object({
  id: z.string(),
  kind: boardEventKindSchema,
  taskId: z.uuid(),
  version: z.number().int(),
  actorUserId: z.uuid().nullable(),
  at: z.iso.datetime(),
  /** The task as the subscriber may see it now; null when it left this project (moved or purged). */
  task: taskSchema.nullable(),
});
export type BoardEvent = z.infer<typeof boardEventSchema>;

/**
 * Sent instead of events when the server cannot replay everything a subscriber missed (too many
 * since `lastEventId`, events since then already purged, or the subscriber fell too far behind):
 * reload the board, then keep listening. Its id is the newest event of the project, so a
 * reconnect resumes after it.
 */
export const boardResyncSchema = z.object({
  id: z.string(),
  kind: z.literal("resync"),
  reason: z.enum(["too_many_missed", "history_expired", "fell_behind"]),
  at: z.iso.datetime(),
});
export type BoardResync = z.infer<typeof boardResyncSchema>;

/** One item of the `board.events` stream: a change, or the signal to reload the board. */
export const boardStreamItemSchema = z.union([boardEventSchema, boardResyncSchema]);
export type BoardStreamItem = z.infer<typeof boardStreamItemSchema>;
