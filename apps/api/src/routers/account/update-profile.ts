import { accountSchema, updateProfileInputSchema } from "@agency/validators";
import { updateProfile } from "../../services/auth/account";
import { authedProcedure } from "../../trpc/trpc";

/** Changes the signed-in user's display name and/or time zone (audited with before/after). */
export const updateProfileProcedure = authedProcedure
  .meta({ limit: "write" })
  .input(updateProfileInputSchema)
  .output(accountSchema)
  .mutation(({ ctx, input }) => updateProfile(ctx.scope, input));
