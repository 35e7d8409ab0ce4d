import type { Prisma } from "@agency/db";
import { auditPageSchema, listAuditLogInputSchema } from "@agency/validators";
import { decodeCursor, encodeCursor } from "../../lib/cursor";
import { z } from "zod";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";

const AUDIT_ID = z.string().regex(/^\d{1,19}$/);

/**
 * The organization's audit trail, newest first, for admins: filters by
 * action, actor and target; keyset pagination on (created_at, id). Actor
 * names come in one extra query per page (no N+1).
 */
export const listAuditLogProcedure = orgProcedure
  .meta(can("audit:read"))
  .use(rateLimit("read"))
  .input(listAuditLogInputSchema)
  .output(auditPageSchema)
  .query(({ ctx, input }) =>
    ctx.db(async (tx) => {
      const where: Prisma.AuditLogWhereInput = {
        orgId: ctx.org.id,
        ...(input.action ? { action: input.action } : {}),
        ...(input.actorUserId ? { actorUserId: input.actorUserId } : {}),
        ...(input.targetType ? { targetType: input.targetType } : {}),
        ...(input.targetId ? { targetId: input.targetId } : {}),
      };
      if (input.cursor) {
        const [time, id] = decodeCursor(input.cursor, AUDIT_ID);
        where.AND = {
          OR: [
            { createdAt: { lt: new Date(Number(time)) } },
            { createdAt: new Date(Number(time)), id: { lt: BigInt(id) } },
          ],
        };
      }
      const rows = await tx.auditLog.findMany({
        where,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: input.limit + 1,
      });
      const page = rows.slice(0, input.limit);
      const actorIds = [...new Set(page.map((r) => r.actorUserId).filter((id): id is string => id !== null))];
      const actors = actorIds.length
        ? await tx.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } })
        : [];
      const names = new Map(actors.map((a) => [a.id, a.name]));
      const last = page.at(-1);
      return {
        items: page.map((row) => ({
          id: row.id.toString(),
          action: row.action,
          actor: row.actorUserId ? { id: row.actorUserId, name: names.get(row.actorUserId) ?? "Former member" } : null,
          targetType: row.targetType,
          targetId: row.targetId,
          ip: row.ip,
          userAgent: row.userAgent,
          requestId: row.requestId,
          metadata: row.metadata,
          createdAt: row.createdAt.toISOString(),
        })),
        nextCursor:
          rows.length > input.limit && last ? encodeCursor(last.createdAt.getTime(), last.id.toString()) : null,
      };
    }),
  );
