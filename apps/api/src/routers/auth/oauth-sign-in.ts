import { oauthSignInInputSchema } from "@agency/validators";
import { z } from "zod";
import { oauthSignIn } from "../../services/auth/oauth";
import { enforceRateLimit, internalProcedure } from "../../trpc/trpc";
import { forwardedOrigin } from "./origin";
import { openedSessionSchema, toOpenedSession } from "./session-output";

/** Web server only (next-auth's OAuth callback): signs in, links by verified email, or signs up. */
export const oauthSignInProcedure = internalProcedure
  .input(oauthSignInInputSchema)
  .output(openedSessionSchema.extend({ outcome: z.enum(["signed_in", "linked", "created"]) }))
  .mutation(async ({ ctx, input }) => {
    const origin = forwardedOrigin(ctx, input.origin);
    await enforceRateLimit(ctx, "auth", `ip:${origin.ip}`);
    const result = await oauthSignIn({ prisma: ctx.prisma, sessionTtlHours: ctx.auth.sessionTtlHours }, input, origin);
    return { ...toOpenedSession(result), outcome: result.outcome };
  });
