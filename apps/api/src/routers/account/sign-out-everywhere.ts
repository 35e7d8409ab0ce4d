import { z } from "zod";
import { revokeAllSessions } from "../../services/auth/accounts";
import { authedProcedure, rateLimit } from "../../trpc/trpc";
import { requestOrigin } from "../auth/origin";

/** Revokes every session of the user, this one included: every device must sign in again. */
export const signOutEverywhereProcedure = authedProcedure
  .use(rateLimit("write"))
  .output(z.object({ revoked: z.number().int().nonnegative() }))
  .mutation(async ({ ctx }) => ({ revoked: await revokeAllSessions(ctx, ctx.actor, requestOrigin(ctx)) }));
