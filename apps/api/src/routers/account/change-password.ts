import { changePasswordInputSchema } from "@agency/validators";
import { z } from "zod";
import { changePassword } from "../../services/auth/accounts";
import { authedProcedure, enforceRateLimit } from "../../trpc/trpc";
import { requestOrigin } from "../auth/origin";

/** Changes the password (current one required) and signs out every other session. */
export const changePasswordProcedure = authedProcedure
  .input(changePasswordInputSchema)
  .output(z.object({ otherSessionsRevoked: z.number().int().nonnegative() }))
  .mutation(async ({ ctx, input }) => {
    await enforceRateLimit(ctx, "auth", `user:${ctx.actor.userId}`);
    return changePassword(ctx, ctx.actor, input, requestOrigin(ctx));
  });
