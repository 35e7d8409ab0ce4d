import { z } from "zod";
import { revokeAllSessions } from "../../services/auth/sessions";
import { authedProcedure } from "../../trpc/trpc";

/** Revokes every session of the user, this one included: every device must sign in again. */
export const signOutEverywhereProcedure = authedProcedure
  .meta({ limit: "write" })
  .output(z.object({ revoked: z.number().int().nonnegative() }))
  .mutation(async ({ ctx }) => ({ revoked: await revokeAllSessions(ctx.scope) }));
