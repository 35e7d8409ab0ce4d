import { orgIdInputSchema, stripeStatusSchema } from "@agency/validators";
import { getStripeStatus } from "../../billing/stripe/connection";
import { orgProcedure } from "../../trpc/trpc";

/** The organization's Stripe connection (account, mode, key's last 4, signing secret set?) and its webhook path. Never the key. */
export const stripeStatusProcedure = orgProcedure
  .meta({ permission: "billing:read", limit: "read" })
  .input(orgIdInputSchema)
  .output(stripeStatusSchema)
  .query(({ ctx }) => getStripeStatus(ctx.scope));
