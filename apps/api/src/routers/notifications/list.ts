import { listNotificationsInputSchema, notificationPageSchema } from "@agency/validators";
import { listNotifications } from "../../services/notifications/inbox";
import { orgProcedure } from "../../trpc/trpc";

/** The caller's inbox in this organization, newest first, with the unread count. */
export const listNotificationsProcedure = orgProcedure
  .meta({ permission: "org:read", limit: "read" })
  .input(listNotificationsInputSchema)
  .output(notificationPageSchema)
  .query(({ ctx, input }) => listNotifications(ctx.scope, input));
