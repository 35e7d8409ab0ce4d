import { recordAudit, withTenant } from "@agency/db";
import { accountSchema, updateProfileInputSchema } from "@agency/validators";
import { authedProcedure, rateLimit } from "../../trpc/trpc";
import { requestOrigin } from "../auth/origin";

/** Changes the signed-in user's display name (audited with before/after). */
export const updateProfileProcedure = authedProcedure
  .use(rateLimit("write"))
  .input(updateProfileInputSchema)
  .output(accountSchema)
  .mutation(({ ctx, input }) =>
    withTenant(ctx.prisma, { userId: ctx.actor.userId, orgId: null }, async (tx) => {
      const before = await tx.user.findUniqueOrThrow({ where: { id: ctx.actor.userId }, select: { name: true } });
      const user = await tx.user.update({
        where: { id: ctx.actor.userId },
        data: { name: input.name },
        select: { id: true, email: true, name: true },
      });
      await recordAudit(tx, {
        action: "account.updated",
        actorUserId: ctx.actor.userId,
        target: { type: "user", id: ctx.actor.userId },
        origin: requestOrigin(ctx),
        metadata: { name: { before: before.name, after: input.name } },
      });
      return user;
    }),
  );
