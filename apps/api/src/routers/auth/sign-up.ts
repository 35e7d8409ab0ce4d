import { clientOriginSchema, signUpInputSchema } from "@agency/validators";
import { signUp } from "../../services/auth/accounts";
import { enforceRateLimit, internalProcedure } from "../../trpc/trpc";
import { forwardedOrigin } from "./origin";
import { openedSessionSchema, toOpenedSession } from "./session-output";

/** Web server only: creates an account and its first session. */
export const signUpProcedure = internalProcedure
  .input(signUpInputSchema.extend({ origin: clientOriginSchema }))
  .output(openedSessionSchema)
  .mutation(async ({ ctx, input }) => {
    const origin = forwardedOrigin(ctx, input.origin);
    await enforceRateLimit(ctx, "auth", `ip:${origin.ip}`);
    const session = await signUp({ prisma: ctx.prisma, sessionTtlHours: ctx.auth.sessionTtlHours }, input, origin);
    return toOpenedSession(session);
  });
