import { markNotificationsReadInputSchema, markNotificationsReadResultSchema } from "@agency/validators";
import { markNotificationsRead } from "../../services/notifications/inbox";
import { orgProcedure } from "../../trpc/trpc";

/** Marks some (ids) or all of the caller's notifications read, or unread again (`read: false`). */
export const markReadProcedure = orgProcedure
  .meta({ permission: "org:read", limit: "write" })
  .input(markNotificationsReadInputSchema)
  .output(markNotificationsReadResultSchema)
  .mutation(({ ctx, input }) => markNotificationsRead(ctx.scope, input));
