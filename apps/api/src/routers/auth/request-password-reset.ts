import { requestPasswordResetInputSchema, signUpResultSchema } from "@agency/validators";
import { requestPasswordReset } from "../../services/auth/password-reset";
import { internalProcedure } from "../../trpc/trpc";
import { authDeps } from "./auth-deps";

/** Web server only ("forgot password"): the same answer whether or not the email has an account. */
export const requestPasswordResetProcedure = internalProcedure
  .meta({ limit: "auth" })
  .input(requestPasswordResetInputSchema)
  .output(signUpResultSchema)
  .mutation(({ ctx, input }) => requestPasswordReset(authDeps(ctx), input.email, ctx.request));
