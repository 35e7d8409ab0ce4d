import { orgIdInputSchema, webhookDeliverySchema } from "@agency/validators";
import { sendSlackTest } from "../../services/slack/slack";
import { orgProcedure } from "../../trpc/trpc";

/** Queues a test message to the Slack channel. */
export const sendSlackTestProcedure = orgProcedure
  .meta({ permission: "integration:manage", limit: "write" })
  .input(orgIdInputSchema)
  .output(webhookDeliverySchema)
  .mutation(({ ctx }) => sendSlackTest(ctx.scope));
