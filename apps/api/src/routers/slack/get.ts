import { orgIdInputSchema, slackConnectionOrNullSchema } from "@agency/validators";
import { getSlackConnection } from "../../services/slack/slack";
import { orgProcedure } from "../../trpc/trpc";

/** The organization's Slack connection, or null. */
export const getSlackConnectionProcedure = orgProcedure
  .meta({ permission: "integration:manage", limit: "read" })
  .input(orgIdInputSchema)
  .output(slackConnectionOrNullSchema)
  .query(({ ctx }) => getSlackConnection(ctx.scope));
