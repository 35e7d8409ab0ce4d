import { connectStripeInputSchema, stripeStatusSchema } from "@agency/validators";
import { connectStripe } from "../../billing/stripe/connection";
import { orgProcedure } from "../../trpc/trpc";

/** Checks the key with one Stripe call and stores it sealed (with the signing secret when given). */
export const connectStripeProcedure = orgProcedure
  .meta({ permission: "billing:manage", limit: "write" })
  .input(connectStripeInputSchema)
  .output(stripeStatusSchema)
  .mutation(({ ctx, input }) => connectStripe(ctx.scope, ctx.stripe, input));
