import { changePasswordInputSchema } from "@agency/validators";
import { z } from "zod";
import { changePassword } from "../../services/auth/account";
import { authedProcedure } from "../../trpc/trpc";

/** Changes the password (current one required) and signs out every other session. */
export const changePasswordProcedure = authedProcedure
  .meta({ limit: "auth" })
  .input(changePasswordInputSchema)
  .output(z.object({ otherSessionsRevoked: z.number().int().nonnegative() }))
  .mutation(({ ctx, input }) => changePassword(ctx.limiters, ctx.scope, input));
