import type { Prisma } from "@agency/db";
import type { ClientDto } from "@agency/validators";
import { AppError } from "../../errors/app-error";
import { escapeLike } from "../../lib/like-pattern";
import { nameOrNewestKeyset } from "../../lib/name-or-newest-keyset";
import { pageOf } from "../../lib/page";
import { audited } from "../audit";
import { emitEvent } from "../webhooks/emit-event";
import type { TenantScope } from "../scope";
import { conflictOrMissing } from "../versioned";

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

export async function createClient(
  scope: TenantScope,
  input: { name: string; contactName?: string | null; contactEmail?: string | null; status: ClientDto["status"] },
) {
  const row = await scope.tx.client.create({
    data: {
      orgId: scope.org.id,
      name: input.name,
      contactName: input.contactName ?? null,
      contactEmail: input.contactEmail ?? null,
      status: input.status,
    },
    select: CLIENT_FIELDS,
  });
  await audited(scope, "client.created", { type: "client", id: row.id }, { name: row.name });
  await emitEvent(scope, "client.created", { clientId: row.id, name: row.name, status: row.status });
  return toClientDto(row);
}

const findClient = (scope: TenantScope, clientId: string) =>
  scope.tx.client.findFirst({ where: { id: clientId, orgId: scope.org.id }, select: CLIENT_FIELDS });

export async function getClient(scope: TenantScope, clientId: string) {
  const row = await findClient(scope, clientId);
  if (!row) throw new AppError("NOT_FOUND", "Client not found.");
  return toClientDto(row);
}

/**
 * One page, keyset-paginated on an indexed, stable order: (name, id) or
 * (created_at desc, id desc). Two queries at most, whatever the page size.
 */
export async function listClients(
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
  const where: Prisma.ClientWhereInput = {
    orgId: scope.org.id,
    deletedAt: input.deleted ? { not: null } : null,
    ...(input.status ? { status: input.status } : {}),
    ...(input.search ? { name: { contains: escapeLike(input.search), mode: "insensitive" } } : {}),
  };
  const keyset = nameOrNewestKeyset(input.sort, input.cursor);
  if (keyset.after) where.AND = keyset.after;
  const rows = await scope.tx.client.findMany({
    where,
    orderBy: keyset.orderBy,
    take: input.limit + 1,
    select: CLIENT_FIELDS,
  });
  const page = pageOf(rows, input.limit, keyset.cursorOf);
  return { items: page.rows.map(toClientDto), nextCursor: page.nextCursor };
}

/** A version-guarded client write matched nothing: the shared conflict rules, with the client as it is now. */
async function clientConflict(scope: TenantScope, clientId: string, expect: "live" | "deleted"): Promise<never> {
  const current = await findClient(scope, clientId);
  return conflictOrMissing({ noun: "client", current, expect, toDto: () => toClientDto(current!) });
}

export async function updateClient(
  scope: TenantScope,
  input: {
    clientId: string;
    expectedVersion: number;
    patch: { name?: string; contactName?: string | null; contactEmail?: string | null; status?: ClientDto["status"] };
  },
) {
  const { tx } = scope;
  const before = await tx.client.findFirst({
    where: { id: input.clientId, orgId: scope.org.id, deletedAt: null },
    select: CLIENT_FIELDS,
  });
  const { count } = await tx.client.updateMany({
    where: { id: input.clientId, orgId: scope.org.id, deletedAt: null, version: input.expectedVersion },
    data: { ...input.patch, version: { increment: 1 } },
  });
  if (count === 0 || !before) return clientConflict(scope, input.clientId, "live");
  const after = await tx.client.findUniqueOrThrow({ where: { id: input.clientId }, select: CLIENT_FIELDS });
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of Object.keys(input.patch) as (keyof typeof input.patch)[]) {
    if (before[field] !== after[field])
      changes[field] = { before: before[field] ?? null, after: after[field] ?? null };
  }
  await audited(scope, "client.updated", { type: "client", id: input.clientId }, { changes } as Prisma.InputJsonObject);
  await emitEvent(scope, "client.updated", { clientId: input.clientId, name: after.name, changes });
  return toClientDto(after);
}

/** Soft delete (to the trash) or restore, guarded by the version like any edit. */
export async function setClientDeleted(
  scope: TenantScope,
  input: { clientId: string; expectedVersion: number },
  deleted: boolean,
) {
  const { tx } = scope;
  const { count } = await tx.client.updateMany({
    where: {
      id: input.clientId,
      orgId: scope.org.id,
      version: input.expectedVersion,
      deletedAt: deleted ? null : { not: null },
    },
    data: { deletedAt: deleted ? new Date() : null, version: { increment: 1 } },
  });
  if (count === 0) return clientConflict(scope, input.clientId, deleted ? "live" : "deleted");
  await audited(scope, deleted ? "client.deleted" : "client.restored", { type: "client", id: input.clientId });
  const row = await tx.client.findUniqueOrThrow({ where: { id: input.clientId }, select: CLIENT_FIELDS });
  await emitEvent(scope, deleted ? "client.deleted" : "client.restored", { clientId: row.id, name: row.name });
  return toClientDto(row);
}
