import { unsubscribeInputSchema, unsubscribeResultSchema } from "@agency/validators";
import { unsubscribeFromEmail } from "../../services/notifications/unsubscribe";
import { publicProcedure } from "../../trpc/trpc";

/** The email's unsubscribe link (no session: the sealed token is the credential). Turns notification email off. */
export const unsubscribeProcedure = publicProcedure
  .meta({ limit: "auth" })
  .input(unsubscribeInputSchema)
  .output(unsubscribeResultSchema)
  .mutation(({ ctx, input }) => unsubscribeFromEmail(ctx.db, ctx.integrations.box, input.token));
