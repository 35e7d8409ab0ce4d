import { recordAudit, type Prisma, type TransactionClient } from "@agency/db";
import type {
  createProjectInputSchema,
  deleteProjectInputSchema,
  listProjectsInputSchema,
  ProjectDto,
  updateProjectInputSchema,
} from "@agency/validators";
import type { z } from "zod";
import { AppError } from "../../errors/app-error";
import { nameOrNewestKeyset } from "../../lib/name-or-newest-keyset";
import { escapeLike } from "../../lib/like-pattern";
import type { TenantScope } from "../service-context";
import { PROJECT_FIELDS, toDateColumn, toProjectDto, type ProjectRow } from "./project-dto";
import { taskCountsByProject } from "./task-counts";

type CreateProjectInput = z.output<typeof createProjectInputSchema>;
type UpdateProjectInput = z.output<typeof updateProjectInputSchema>;
type ListProjectsInput = z.output<typeof listProjectsInputSchema>;
type VersionedProjectInput = z.output<typeof deleteProjectInputSchema>;
type ProjectAction = "project.created" | "project.updated" | "project.deleted" | "project.restored";

const audited = (
  scope: TenantScope,
  tx: TransactionClient,
  action: ProjectAction,
  projectId: string,
  metadata: Prisma.InputJsonObject = {},
) =>
  recordAudit(tx, {
    action,
    orgId: scope.org.id,
    actorUserId: scope.actor.userId,
    target: { type: "project", id: projectId },
    origin: scope.origin,
    metadata,
  });

/** A project's client must be a live client of the same organization. */
async function assertLiveClient(tx: TransactionClient, scope: TenantScope, clientId: string) {
  const client = await tx.client.findFirst({
    where: { id: clientId, orgId: scope.org.id, deletedAt: null },
    select: { id: true },
  });
  if (!client) {
    throw new AppError("NOT_FOUND", "Client not found.", {
      issues: [
        { path: ["clientId"], message: "Client not found: choose a client of this organization", code: "custom" },
      ],
    });
  }
}

async function withTaskCounts(tx: TransactionClient, row: ProjectRow): Promise<ProjectDto> {
  const counts = await taskCountsByProject(tx, [row.id]);
  return toProjectDto(row, counts.get(row.id));
}

const findProject = (tx: TransactionClient, scope: TenantScope, projectId: string) =>
  tx.project.findFirst({ where: { id: projectId, orgId: scope.org.id }, select: PROJECT_FIELDS });

export function createProject(scope: TenantScope, input: CreateProjectInput) {
  return scope.db(async (tx) => {
    await assertLiveClient(tx, scope, input.clientId);
    const row = await tx.project.create({
      data: {
        orgId: scope.org.id,
        clientId: input.clientId,
        name: input.name,
        description: input.description,
        status: input.status,
        budgetMinor: input.budgetMinor === null ? null : BigInt(input.budgetMinor),
        currency: input.currency,
        startDate: toDateColumn(input.startDate),
        dueDate: toDateColumn(input.dueDate),
      },
      select: PROJECT_FIELDS,
    });
    await audited(scope, tx, "project.created", row.id, { name: row.name, clientId: row.clientId });
    return toProjectDto(row);
  });
}

export function getProject(scope: TenantScope, projectId: string) {
  return scope.db(async (tx) => {
    const row = await findProject(tx, scope, projectId);
    if (!row) throw new AppError("NOT_FOUND", "Project not found.");
    return withTaskCounts(tx, row);
  });
}

/**
 * One page, keyset-paginated on (name, id) or (created_at desc, id desc), with
 * task counts for the whole page from one grouped query: three queries at most
 * (projects, their clients, the counts), whatever the page size.
 */
export function listProjects(scope: TenantScope, input: ListProjectsInput) {
  return scope.db(async (tx) => {
    const where: Prisma.ProjectWhereInput = {
      orgId: scope.org.id,
      deletedAt: input.deleted ? { not: null } : null,
      ...(input.clientId ? { clientId: input.clientId } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(input.search ? { name: { contains: escapeLike(input.search), mode: "insensitive" } } : {}),
    };
    const keyset = nameOrNewestKeyset(input.sort, input.cursor);
    if (keyset.after) where.AND = keyset.after;
    const rows = await tx.project.findMany({
      where,
      orderBy: keyset.orderBy,
      take: input.limit + 1,
      select: PROJECT_FIELDS,
    });
    const page = rows.slice(0, input.limit);
    const counts = await taskCountsByProject(
      tx,
      page.map((row) => row.id),
    );
    const last = page.at(-1);
    const nextCursor = rows.length > input.limit && last ? keyset.cursorOf(last) : null;
    return { items: page.map((row) => toProjectDto(row, counts.get(row.id))), nextCursor };
  });
}

/** Stale `expectedVersion` → CONFLICT carrying the current record; never a silent overwrite. */
async function conflictOrMissing(
  tx: TransactionClient,
  scope: TenantScope,
  projectId: string,
  expect: "live" | "deleted",
): Promise<never> {
  const current = await findProject(tx, scope, projectId);
  if (!current) throw new AppError("NOT_FOUND", "Project not found.");
  if (expect === "live" && current.deletedAt)
    throw new AppError("NOT_FOUND", "This project is in the trash. Restore it first.");
  const dto = await withTaskCounts(tx, current);
  if (expect === "deleted" && !current.deletedAt)
    throw new AppError("CONFLICT", "This project is not in the trash.", { current: dto });
  throw new AppError("CONFLICT", "Someone else changed this project. Review the latest version and try again.", {
    current: dto,
  });
}

type ProjectPatch = UpdateProjectInput["patch"];

function toPatchData(patch: ProjectPatch): Prisma.ProjectUncheckedUpdateManyInput {
  const { budgetMinor, startDate, dueDate, ...plain } = patch;
  return {
    ...plain,
    ...(budgetMinor !== undefined ? { budgetMinor: budgetMinor === null ? null : BigInt(budgetMinor) } : {}),
    ...(startDate !== undefined ? { startDate: toDateColumn(startDate) } : {}),
    ...(dueDate !== undefined ? { dueDate: toDateColumn(dueDate) } : {}),
  };
}

export function updateProject(scope: TenantScope, input: UpdateProjectInput) {
  return scope.db(async (tx) => {
    const beforeRow = await tx.project.findFirst({
      where: { id: input.projectId, orgId: scope.org.id, deletedAt: null },
      select: PROJECT_FIELDS,
    });
    if (!beforeRow || beforeRow.version !== input.expectedVersion) {
      return conflictOrMissing(tx, scope, input.projectId, "live");
    }
    const before = toProjectDto(beforeRow);
    // The patch alone may be consistent while the merged record is not (a new due date before the kept start date).
    const startDate = input.patch.startDate !== undefined ? input.patch.startDate : before.startDate;
    const dueDate = input.patch.dueDate !== undefined ? input.patch.dueDate : before.dueDate;
    if (startDate && dueDate && dueDate < startDate) {
      throw new AppError("VALIDATION_ERROR", "The due date cannot be before the start date", {
        issues: [
          {
            path: ["patch", "dueDate"],
            message: `The due date cannot be before the start date (${startDate})`,
            code: "custom",
          },
        ],
      });
    }
    if (input.patch.clientId !== undefined && input.patch.clientId !== before.clientId) {
      await assertLiveClient(tx, scope, input.patch.clientId);
    }
    const { count } = await tx.project.updateMany({
      where: { id: input.projectId, orgId: scope.org.id, deletedAt: null, version: input.expectedVersion },
      data: { ...toPatchData(input.patch), version: { increment: 1 } },
    });
    if (count === 0) return conflictOrMissing(tx, scope, input.projectId, "live");
    const after = await withTaskCounts(
      tx,
      await tx.project.findUniqueOrThrow({ where: { id: input.projectId }, select: PROJECT_FIELDS }),
    );
    const changes: Record<string, { before: ProjectDto[keyof ProjectPatch]; after: ProjectDto[keyof ProjectPatch] }> =
      {};
    for (const field of Object.keys(input.patch) as (keyof ProjectPatch)[]) {
      if (before[field] !== after[field]) changes[field] = { before: before[field], after: after[field] };
    }
    await audited(scope, tx, "project.updated", input.projectId, { changes });
    return after;
  });
}

/** Soft delete (to the trash) or restore, guarded by the version like any edit. */
export function setProjectDeleted(scope: TenantScope, input: VersionedProjectInput, deleted: boolean) {
  return scope.db(async (tx) => {
    if (!deleted) {
      const project = await tx.project.findFirst({
        where: { id: input.projectId, orgId: scope.org.id, deletedAt: { not: null }, version: input.expectedVersion },
        select: { client: { select: { deletedAt: true } } },
      });
      if (project?.client.deletedAt) {
        throw new AppError("CONFLICT", "This project's client is in the trash. Restore the client first.");
      }
    }
    const { count } = await tx.project.updateMany({
      where: {
        id: input.projectId,
        orgId: scope.org.id,
        version: input.expectedVersion,
        deletedAt: deleted ? null : { not: null },
      },
      data: { deletedAt: deleted ? new Date() : null, version: { increment: 1 } },
    });
    if (count === 0) return conflictOrMissing(tx, scope, input.projectId, deleted ? "live" : "deleted");
    await audited(scope, tx, deleted ? "project.deleted" : "project.restored", input.projectId);
    return withTaskCounts(
      tx,
      await tx.project.findUniqueOrThrow({ where: { id: input.projectId }, select: PROJECT_FIELDS }),
    );
  });
}
