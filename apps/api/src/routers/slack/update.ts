import { updateSlackInputSchema, slackConnectionSchema } from "@agency/validators";
import { updateSlack } from "../../services/slack/slack";
import { orgProcedure } from "../../trpc/trpc";

/** Changes the events, or enables/disables Slack notifications. */
export const updateSlackProcedure = orgProcedure
  .meta({ permission: "integration:manage", limit: "write" })
  .input(updateSlackInputSchema)
  .output(slackConnectionSchema)
  .mutation(({ ctx, input }) => updateSlack(ctx.scope, input));
