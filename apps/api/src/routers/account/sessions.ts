import { withTenant } from "@agency/db";
import { sessionSummarySchema } from "@agency/validators";
import { z } from "zod";
import { authedProcedure, rateLimit } from "../../trpc/trpc";

const MAX_LISTED = 100;

/** The user's open sessions (devices), newest activity first; the current one is flagged. */
export const sessionsProcedure = authedProcedure
  .use(rateLimit("read"))
  .output(z.array(sessionSummarySchema))
  .query(async ({ ctx }) => {
    const rows = await withTenant(ctx.prisma, { userId: ctx.actor.userId, orgId: null }, (tx) =>
      tx.session.findMany({
        where: { revokedAt: null, expiresAt: { gt: new Date() } },
        orderBy: [{ lastSeenAt: "desc" }, { id: "desc" }],
        take: MAX_LISTED,
        select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true, userAgent: true },
      }),
    );
    return rows.map((row) => ({ ...row, current: row.id === ctx.actor.sessionId }));
  });
