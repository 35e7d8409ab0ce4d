import { z } from "zod";
import { revokeSession } from "../../services/auth/accounts";
import { authedProcedure } from "../../trpc/trpc";
import { requestOrigin } from "./origin";

/** Ends the session this request came with. */
export const signOutProcedure = authedProcedure
  .output(z.object({ signedOut: z.boolean() }))
  .mutation(async ({ ctx }) => {
    if (!ctx.actor.sessionId) return { signedOut: false };
    const signedOut = await revokeSession(ctx, ctx.actor, ctx.actor.sessionId, requestOrigin(ctx), "auth.sign_out");
    return { signedOut };
  });
