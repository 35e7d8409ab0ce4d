import { z } from "zod";
import { resendVerification } from "../../services/auth/email-verification";
import { authedProcedure } from "../../trpc/trpc";
import { authDeps } from "../auth/auth-deps";

/** Sends a fresh verification link to the signed-in user's email (when not verified yet). */
export const resendVerificationProcedure = authedProcedure
  .meta({ limit: "auth" })
  .output(z.object({ sent: z.boolean(), alreadyVerified: z.boolean() }))
  .mutation(({ ctx }) => resendVerification(authDeps(ctx), ctx.scope));
