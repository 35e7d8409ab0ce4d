import { withTenant } from "@agency/db";
import { accountSchema } from "@agency/validators";
import { authedProcedure, rateLimit } from "../../trpc/trpc";

/** The signed-in user's own account. */
export const meProcedure = authedProcedure
  .use(rateLimit("read"))
  .output(accountSchema)
  .query(({ ctx }) =>
    withTenant(ctx.prisma, { userId: ctx.actor.userId, orgId: null }, (tx) =>
      tx.user.findUniqueOrThrow({ where: { id: ctx.actor.userId }, select: { id: true, email: true, name: true } }),
    ),
  );
