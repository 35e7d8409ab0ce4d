import { unsubscribeInputSchema, unsubscribeResultSchema } from "@agency/validators";
import { unsubscribeFromEmail } from "../../services/notifications/unsubscribe";
import { internalProcedure } from "../../trpc/trpc";

/**
 * Web server only (the /unsubscribe/<token> page's confirm button, a server action): the email's
 * unsubscribe link works without a session — the sealed token is the credential. Turns every
 * notification email of its user off; in-app notifications stay.
 */
export const unsubscribeProcedure = internalProcedure
  .meta({ limit: "auth" })
  .input(unsubscribeInputSchema)
  .output(unsubscribeResultSchema)
  .mutation(({ ctx, input }) => unsubscribeFromEmail(ctx.db, ctx.integrations.box, input.token));
