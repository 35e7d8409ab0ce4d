import { oauthSignInInputSchema } from "@agency/validators";
import { z } from "zod";
import { oauthSignIn } from "../../services/auth/oauth";
import { internalProcedure } from "../../trpc/trpc";
import { authDeps } from "./auth-deps";
import { openedSessionSchema, toOpenedSession } from "./session-output";

/** Web server only (next-auth's OAuth callback): signs in, links by an email verified on both sides, or signs up. */
export const oauthSignInProcedure = internalProcedure
  .meta({ limit: "auth" })
  .input(oauthSignInInputSchema)
  .output(openedSessionSchema.extend({ outcome: z.enum(["signed_in", "linked", "created"]) }))
  .mutation(async ({ ctx, input }) => {
    const result = await oauthSignIn(authDeps(ctx), input, ctx.request);
    return { ...toOpenedSession(result), outcome: result.outcome };
  });
