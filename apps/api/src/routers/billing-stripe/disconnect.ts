import { orgIdInputSchema, stripeDisconnectedSchema } from "@agency/validators";
import { disconnectStripe } from "../../billing/stripe/connection";
import { orgProcedure } from "../../trpc/trpc";

/** Forgets the key and signing secret; billing continues manually. */
export const disconnectStripeProcedure = orgProcedure
  .meta({ permission: "billing:manage", limit: "write" })
  .input(orgIdInputSchema)
  .output(stripeDisconnectedSchema)
  .mutation(({ ctx }) => disconnectStripe(ctx.scope));
