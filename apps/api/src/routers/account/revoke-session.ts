import { z } from "zod";
import { AppError } from "../../errors/app-error";
import { revokeSession } from "../../services/auth/accounts";
import { authedProcedure, rateLimit } from "../../trpc/trpc";
import { requestOrigin } from "../auth/origin";

/** Signs one of the user's devices out. Another user's session id looks like a missing one. */
export const revokeSessionProcedure = authedProcedure
  .use(rateLimit("write"))
  .input(z.object({ sessionId: z.uuid() }))
  .output(z.object({ revoked: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    const revoked = await revokeSession(ctx, ctx.actor, input.sessionId, requestOrigin(ctx), "auth.session.revoked");
    if (!revoked) throw new AppError("NOT_FOUND", "Session not found.");
    return { revoked: true as const };
  });
