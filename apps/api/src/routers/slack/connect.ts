import { connectSlackInputSchema, slackConnectionSchema } from "@agency/validators";
import { connectSlack } from "../../services/slack/slack";
import { orgProcedure } from "../../trpc/trpc";

/** Connects (or replaces) the Slack incoming webhook and the events it receives. */
export const connectSlackProcedure = orgProcedure
  .meta({ permission: "integration:manage", limit: "write" })
  .input(connectSlackInputSchema)
  .output(slackConnectionSchema)
  .mutation(({ ctx, input }) => connectSlack(ctx.scope, ctx.integrations, input));
