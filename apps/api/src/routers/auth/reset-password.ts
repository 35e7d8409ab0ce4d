import { deviceTokenSchema, resetPasswordInputSchema } from "@agency/validators";
import { z } from "zod";
import { resetPassword } from "../../services/auth/password-reset";
import { internalProcedure } from "../../trpc/trpc";
import { authDeps } from "./auth-deps";

/** Web server only: spends a reset link, sets the new password, signs every device out. */
export const resetPasswordProcedure = internalProcedure
  .meta({ limit: "auth" })
  .input(resetPasswordInputSchema)
  .output(z.object({ reset: z.literal(true), deviceToken: deviceTokenSchema }))
  .mutation(({ ctx, input }) => resetPassword(authDeps(ctx), input, ctx.request));
