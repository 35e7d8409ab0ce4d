import { orgIdInputSchema, stripeEventListSchema } from "@agency/validators";
import { listStripeEvents } from "../../billing/stripe/connection";
import { orgProcedure } from "../../trpc/trpc";

/** The newest Stripe events received for the organization and what applying each one did. */
export const stripeEventsProcedure = orgProcedure
  .meta({ permission: "billing:read", limit: "read" })
  .input(orgIdInputSchema)
  .output(stripeEventListSchema)
  .query(({ ctx }) => listStripeEvents(ctx.scope));
