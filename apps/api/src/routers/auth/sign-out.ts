import { z } from "zod";
import { revokeSession } from "../../services/auth/sessions";
import { authedProcedure } from "../../trpc/trpc";

/** Ends the session this request came with. */
export const signOutProcedure = authedProcedure
  .meta({ limit: "write" })
  .output(z.object({ signedOut: z.boolean() }))
  .mutation(async ({ ctx }) => {
    const { sessionId } = ctx.scope.actor;
    if (!sessionId) return { signedOut: false };
    return { signedOut: await revokeSession(ctx.scope, sessionId, "auth.sign_out") };
  });
