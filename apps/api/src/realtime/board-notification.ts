import { boardEventKindSchema } from "@agency/validators";
import { z } from "zod";

/** The channel the `board_events_record` trigger notifies on. */
export const BOARD_EVENTS_CHANNEL = "board_events";

/** The NOTIFY payload the trigger sends at commit: ids only, never task content. */
export const boardNotificationSchema = z.object({
  id: z.string().regex(/^\d{1,19}$/),
  orgId: z.uuid(),
  projectId: z.uuid(),
  taskId: z.uuid(),
  kind: boardEventKindSchema,
  version: z.number().int(),
});
export type BoardNotification = z.infer<typeof boardNotificationSchema>;

/** Subscribers are keyed by organization and project. */
export const boardKey = (orgId: string, projectId: string) => `${orgId}:${projectId}`;
