import { orgIdInputSchema, slackDisconnectedSchema } from "@agency/validators";
import { disconnectSlack } from "../../services/slack/slack";
import { orgProcedure } from "../../trpc/trpc";

/** Removes the Slack connection and its pending messages. */
export const disconnectSlackProcedure = orgProcedure
  .meta({ permission: "integration:manage", limit: "write" })
  .input(orgIdInputSchema)
  .output(slackDisconnectedSchema)
  .mutation(({ ctx }) => disconnectSlack(ctx.scope));
