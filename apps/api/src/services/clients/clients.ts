import { recordAudit, type Prisma } from "@agency/db";
import type { ClientDto } from "@agency/validators";
import { AppError } from "../../errors/app-error";
import { nameOrNewestKeyset } from "../../lib/name-or-newest-keyset";
import { escapeLike } from "../../lib/like-pattern";
import type { TenantScope } from "../service-context";

type ClientRow = Prisma.ClientGetPayload<{ select: typeof CLIENT_FIELDS }>;

const CLIENT_FIELDS = {
  id: true,
  name: true,
  contactName: true,
  contactEmail: true,
  status: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  deletedAt: true,
} as const;

export function toClientDto(row: ClientRow): ClientDto {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}

const audited = (
  scope: TenantScope,
  tx: Prisma.TransactionClient,
  action: "client.created" | "client.updated" | "client.deleted" | "client.restored",
  clientId: string,
  metadata: Prisma.InputJsonObject = {},
) =>
  recordAudit(tx, {
    action,
    orgId: scope.org.id,
    actorUserId: scope.actor.userId,
    target: { type: "client", id: clientId },
    origin: scope.origin,
    metadata,
  });

export function createClient(
  scope: TenantScope,
  input: { name: string; contactName?: string | null; contactEmail?: string | null; status: ClientDto["status"] },
) {
  return scope.db(async (tx) => {
    const row = await tx.client.create({
      data: {
        orgId: scope.org.id,
        name: input.name,
        contactName: input.contactName ?? null,
        contactEmail: input.contactEmail ?? null,
        status: input.status,
      },
      select: CLIENT_FIELDS,
    });
    await audited(scope, tx, "client.created", row.id, { name: row.name });
    return toClientDto(row);
  });
}

export function getClient(scope: TenantScope, clientId: string) {
  return scope.db(async (tx) => {
    const row = await tx.client.findFirst({ where: { id: clientId, orgId: scope.org.id }, select: CLIENT_FIELDS });
    if (!row) throw new AppError("NOT_FOUND", "Client not found.");
    return toClientDto(row);
  });
}

/**
 * One page, keyset-paginated on an indexed, stable order: (name, id) or
 * (created_at desc, id desc). Two queries at most, whatever the page size.
 */
export function listClients(
  scope: TenantScope,
  input: {
    cursor?: string;
    limit: number;
    status?: ClientDto["status"];
    search?: string;
    sort: "name" | "newest";
    deleted: boolean;
  },
) {
  return scope.db(async (tx) => {
    const where: Prisma.ClientWhereInput = {
      orgId: scope.org.id,
      deletedAt: input.deleted ? { not: null } : null,
      ...(input.status ? { status: input.status } : {}),
      ...(input.search ? { name: { contains: escapeLike(input.search), mode: "insensitive" } } : {}),
    };
    const keyset = nameOrNewestKeyset(input.sort, input.cursor);
    if (keyset.after) where.AND = keyset.after;
    const rows = await tx.client.findMany({
      where,
      orderBy: keyset.orderBy,
      take: input.limit + 1,
      select: CLIENT_FIELDS,
    });
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    const nextCursor = rows.length > input.limit && last ? keyset.cursorOf(last) : null;
    return { items: page.map(toClientDto), nextCursor };
  });
}

/** Stale `expectedVersion` → CONFLICT carrying the current record; never a silent overwrite. */
async function conflictOrMissing(
  tx: Prisma.TransactionClient,
  scope: TenantScope,
  clientId: string,
  expect: "live" | "deleted",
): Promise<never> {
  const current = await tx.client.findFirst({ where: { id: clientId, orgId: scope.org.id }, select: CLIENT_FIELDS });
  if (!current) throw new AppError("NOT_FOUND", "Client not found.");
  if (expect === "live" && current.deletedAt)
    throw new AppError("NOT_FOUND", "This client is in the trash. Restore it first.");
  if (expect === "deleted" && !current.deletedAt)
    throw new AppError("CONFLICT", "This client is not in the trash.", { current: toClientDto(current) });
  throw new AppError("CONFLICT", "Someone else changed this client. Review the latest version and try again.", {
    current: toClientDto(current),
  });
}

export function updateClient(
  scope: TenantScope,
  input: {
    clientId: string;
    expectedVersion: number;
    patch: { name?: string; contactName?: string | null; contactEmail?: string | null; status?: ClientDto["status"] };
  },
) {
  return scope.db(async (tx) => {
    const before = await tx.client.findFirst({
      where: { id: input.clientId, orgId: scope.org.id, deletedAt: null },
      select: CLIENT_FIELDS,
    });
    const { count } = await tx.client.updateMany({
      where: { id: input.clientId, orgId: scope.org.id, deletedAt: null, version: input.expectedVersion },
      data: { ...input.patch, version: { increment: 1 } },
    });
    if (count === 0 || !before) return conflictOrMissing(tx, scope, input.clientId, "live");
    const after = await tx.client.findUniqueOrThrow({ where: { id: input.clientId }, select: CLIENT_FIELDS });
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    for (const field of Object.keys(input.patch) as (keyof typeof input.patch)[]) {
      if (before[field] !== after[field])
        changes[field] = { before: before[field] ?? null, after: after[field] ?? null };
    }
    await audited(scope, tx, "client.updated", input.clientId, { changes } as Prisma.InputJsonObject);
    return toClientDto(after);
  });
}

/** Soft delete (to the trash) or restore, guarded by the version like any edit. */
export function setClientDeleted(
  scope: TenantScope,
  input: { clientId: string; expectedVersion: number },
  deleted: boolean,
) {
  return scope.db(async (tx) => {
    const { count } = await tx.client.updateMany({
      where: {
        id: input.clientId,
        orgId: scope.org.id,
        version: input.expectedVersion,
        deletedAt: deleted ? null : { not: null },
      },
      data: { deletedAt: deleted ? new Date() : null, version: { increment: 1 } },
    });
    if (count === 0) return conflictOrMissing(tx, scope, input.clientId, deleted ? "live" : "deleted");
    await audited(scope, tx, deleted ? "client.deleted" : "client.restored", input.clientId);
    return toClientDto(await tx.client.findUniqueOrThrow({ where: { id: input.clientId }, select: CLIENT_FIELDS }));
  });
}
