import { signUpInputSchema, signUpResultSchema } from "@agency/validators";
import { signUp } from "../../services/auth/sign-up";
import { internalProcedure } from "../../trpc/trpc";
import { authDeps } from "./auth-deps";

/** Web server only: creates an account (or mails the existing owner) and answers the same either way. */
export const signUpProcedure = internalProcedure
  .meta({ limit: "auth" })
  .input(signUpInputSchema)
  .output(signUpResultSchema)
  .mutation(({ ctx, input }) => signUp(authDeps(ctx), input, ctx.request));
