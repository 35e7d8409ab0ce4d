import type { Prisma } from "@agency/db";
import { bigintIdString, type listAuditLogInputSchema } from "@agency/validators";
import type { z } from "zod";
import { decodeTimestampCursor, encodeCursor } from "../../lib/cursor";
import { pageOf } from "../../lib/page";
import type { TenantScope } from "../scope";
import { referencesOf, resolveReferences } from "./audit-references";

/**
 * The organization's audit trail, newest first: filters by action, actor and target; keyset
 * pagination on (created_at, id). Actor names come in one extra query per page, and the records
 * entries mention (tasks, projects, clients, people) in at most four more (no N+1).
 */
export async function listAuditLog(scope: TenantScope, input: z.output<typeof listAuditLogInputSchema>) {
  const { tx } = scope;
  const where: Prisma.AuditLogWhereInput = {
    orgId: scope.org.id,
    ...(input.action ? { action: input.action } : {}),
    ...(input.actorUserId ? { actorUserId: input.actorUserId } : {}),
    ...(input.targetType ? { targetType: input.targetType } : {}),
    ...(input.targetId ? { targetId: input.targetId } : {}),
  };
  if (input.cursor) {
    const { at, id } = decodeTimestampCursor(input.cursor, bigintIdString());
    where.AND = { createdAt: { lte: at }, OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: BigInt(id) } }] };
  }
  const rows = await tx.auditLog.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
  });
  const page = pageOf(rows, input.limit, (last) => encodeCursor(last.createdAt.getTime(), last.id.toString()));
  const actorIds = [...new Set(page.rows.map((r) => r.actorUserId).filter((id): id is string => id !== null))];
  // People by their name; API keys by the key's name (also once revoked, when RLS no longer
  // shows their service user): two queries per page whatever its length.
  const referencesLookup = resolveReferences(scope, page.rows);
  const [actors, keys] = actorIds.length
    ? await Promise.all([
        tx.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } }),
        tx.apiKey.findMany({
          where: { serviceUserId: { in: actorIds } },
          select: { id: true, name: true, serviceUserId: true },
        }),
      ])
    : [[], []];
  const references = await referencesLookup;
  const names = new Map(actors.map((a) => [a.id, a.name]));
  const keyOf = new Map(keys.map((k) => [k.serviceUserId, k]));
  const actorOf = (id: string) => {
    const key = keyOf.get(id);
    return key
      ? { id, name: key.name, kind: "apiKey" as const, apiKeyId: key.id }
      : { id, name: names.get(id) ?? "Former member", kind: "person" as const, apiKeyId: null };
  };
  return {
    items: page.rows.map((row) => ({
      id: row.id.toString(),
      action: row.action,
      actor: row.actorUserId ? actorOf(row.actorUserId) : null,
      targetType: row.targetType,
      targetId: row.targetId,
      ip: row.ip,
      userAgent: row.userAgent,
      requestId: row.requestId,
      metadata: row.metadata,
      references: referencesOf(row, references),
      createdAt: row.createdAt.toISOString(),
    })),
    nextCursor: page.nextCursor,
  };
}
