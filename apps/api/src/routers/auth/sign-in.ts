import { clientOriginSchema, signInInputSchema } from "@agency/validators";
import { createHash } from "node:crypto";
import { AppError } from "../../errors/app-error";
import { recordRateLimitedSignIn, signIn } from "../../services/auth/accounts";
import { enforceRateLimit, internalProcedure } from "../../trpc/trpc";
import { forwardedOrigin } from "./origin";
import { openedSessionSchema, toOpenedSession } from "./session-output";

/**
 * Web server only (next-auth's credentials check): verifies email + password
 * and opens a session. Limited per client IP and per account; refusals are audited.
 */
export const signInProcedure = internalProcedure
  .input(signInInputSchema.extend({ origin: clientOriginSchema }))
  .output(openedSessionSchema)
  .mutation(async ({ ctx, input }) => {
    const origin = forwardedOrigin(ctx, input.origin);
    // The account key is a hash: limiter keys end up in Redis, emails should not.
    const accountKey = `acct:${createHash("sha256").update(input.email).digest("hex")}`;
    try {
      await enforceRateLimit(ctx, "auth", `ip:${origin.ip}`);
      await enforceRateLimit(ctx, "authAccount", accountKey);
    } catch (error) {
      if (error instanceof AppError && error.code === "RATE_LIMITED") {
        await recordRateLimitedSignIn(ctx, origin, String(error.details?.limit));
      }
      throw error;
    }
    const session = await signIn({ prisma: ctx.prisma, sessionTtlHours: ctx.auth.sessionTtlHours }, input, origin);
    return toOpenedSession(session);
  });
