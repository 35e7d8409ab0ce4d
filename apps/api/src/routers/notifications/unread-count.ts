import { orgIdInputSchema, unreadCountSchema } from "@agency/validators";
import { unreadCount } from "../../services/notifications/inbox";
import { orgProcedure } from "../../trpc/trpc";

/** The top bar's badge (the live value comes from `notifications.events`). */
export const unreadCountProcedure = orgProcedure
  .meta({ permission: "org:read", limit: "read" })
  .input(orgIdInputSchema)
  .output(unreadCountSchema)
  .query(async ({ ctx }) => ({ unread: await unreadCount(ctx.scope) }));
