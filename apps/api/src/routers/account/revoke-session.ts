import { z } from "zod";
import { AppError } from "../../errors/app-error";
import { revokeSession } from "../../services/auth/sessions";
import { authedProcedure } from "../../trpc/trpc";

/** Signs one of the user's devices out. Another user's session id looks like a missing one. */
export const revokeSessionProcedure = authedProcedure
  .meta({ limit: "write" })
  .input(z.object({ sessionId: z.uuid() }))
  .output(z.object({ revoked: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    const revoked = await revokeSession(ctx.scope, input.sessionId, "auth.session.revoked");
    if (!revoked) throw new AppError("NOT_FOUND", "Session not found.");
    return { revoked: true as const };
  });
