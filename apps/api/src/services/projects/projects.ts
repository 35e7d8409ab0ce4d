import type { Prisma } from "@agency/db";
import type {
  createProjectInputSchema,
  deleteProjectInputSchema,
  listProjectsInputSchema,
  ProjectDto,
  updateProjectInputSchema,
} from "@agency/validators";
import type { z } from "zod";
import { AppError } from "../../errors/app-error";
import { escapeLike } from "../../lib/like-pattern";
import { nameOrNewestKeyset } from "../../lib/name-or-newest-keyset";
import { pageOf } from "../../lib/page";
import { audited } from "../audit";
import { emitEvent } from "../webhooks/emit-event";
import type { TenantScope } from "../scope";
import { conflictOrMissing } from "../versioned";
import { PROJECT_FIELDS, toDateColumn, toProjectDto, type ProjectRow } from "./project-dto";
import { taskCountsByProject } from "./task-counts";

type CreateProjectInput = z.output<typeof createProjectInputSchema>;
type UpdateProjectInput = z.output<typeof updateProjectInputSchema>;
type ListProjectsInput = z.output<typeof listProjectsInputSchema>;
type VersionedProjectInput = z.output<typeof deleteProjectInputSchema>;

/** A project's client must be a live client of the same organization. */
async function assertLiveClient(scope: TenantScope, clientId: string) {
  const client = await scope.tx.client.findFirst({
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

async function withTaskCounts(scope: TenantScope, row: ProjectRow): Promise<ProjectDto> {
  const counts = await taskCountsByProject(scope.tx, [row.id]);
  return toProjectDto(row, counts.get(row.id));
}

const findProject = (scope: TenantScope, projectId: string) =>
  scope.tx.project.findFirst({ where: { id: projectId, orgId: scope.org.id }, select: PROJECT_FIELDS });

export async function createProject(scope: TenantScope, input: CreateProjectInput) {
  const { tx } = scope;
  await assertLiveClient(scope, input.clientId);
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
  await audited(scope, "project.created", { type: "project", id: row.id }, { name: row.name, clientId: row.clientId });
  await emitEvent(scope, "project.created", { projectId: row.id, clientId: row.clientId, name: row.name, status: row.status });
  return toProjectDto(row);
}

export async function getProject(scope: TenantScope, projectId: string) {
  const row = await findProject(scope, projectId);
  if (!row) throw new AppError("NOT_FOUND", "Project not found.");
  return withTaskCounts(scope, row);
}

/**
 * One page, keyset-paginated on (name, id) or (created_at desc, id desc), with
 * task counts for the whole page from one grouped query: three queries at most
 * (projects, their clients, the counts), whatever the page size.
 */
export async function listProjects(scope: TenantScope, input: ListProjectsInput) {
  const { tx } = scope;
  const where: Prisma.ProjectWhereInput = {
    orgId: scope.org.id,
    deletedAt: input.deleted ? { not: null } : null,
    ...(input.clientId ? { clientId: input.clientId } : {}),
    ...(input.status ? { status: input.status } : {}),
    // A search matches the project's name or its client's (a person looks for "the Acme work").
    ...(input.search
      ? {
          OR: [
            { name: { contains: escapeLike(input.search), mode: "insensitive" } },
            { client: { name: { contains: escapeLike(input.search), mode: "insensitive" } } },
          ],
        }
      : {}),
  };
  const keyset = nameOrNewestKeyset(input.sort, input.cursor);
  if (keyset.after) where.AND = keyset.after;
  const rows = await tx.project.findMany({
    where,
    orderBy: keyset.orderBy,
    take: input.limit + 1,
    select: PROJECT_FIELDS,
  });
  const page = pageOf(rows, input.limit, keyset.cursorOf);
  const counts = await taskCountsByProject(
    tx,
    page.rows.map((row) => row.id),
  );
  return { items: page.rows.map((row) => toProjectDto(row, counts.get(row.id))), nextCursor: page.nextCursor };
}

/** A version-guarded project write matched nothing: the shared conflict rules, with the project as it is now. */
async function projectConflict(scope: TenantScope, projectId: string, expect: "live" | "deleted"): Promise<never> {
  const current = await findProject(scope, projectId);
  return conflictOrMissing({ noun: "project", current, expect, toDto: () => withTaskCounts(scope, current!) });
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

export async function updateProject(scope: TenantScope, input: UpdateProjectInput) {
  const { tx } = scope;
  const beforeRow = await tx.project.findFirst({
    where: { id: input.projectId, orgId: scope.org.id, deletedAt: null },
    select: PROJECT_FIELDS,
  });
  if (!beforeRow || beforeRow.version !== input.expectedVersion) {
    return projectConflict(scope, input.projectId, "live");
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
    await assertLiveClient(scope, input.patch.clientId);
  }
  const { count } = await tx.project.updateMany({
    where: { id: input.projectId, orgId: scope.org.id, deletedAt: null, version: input.expectedVersion },
    data: { ...toPatchData(input.patch), version: { increment: 1 } },
  });
  if (count === 0) return projectConflict(scope, input.projectId, "live");
  const after = await withTaskCounts(
    scope,
    await tx.project.findUniqueOrThrow({ where: { id: input.projectId }, select: PROJECT_FIELDS }),
  );
  const changes: Record<string, { before: ProjectDto[keyof ProjectPatch]; after: ProjectDto[keyof ProjectPatch] }> =
    {};
  for (const field of Object.keys(input.patch) as (keyof ProjectPatch)[]) {
    if (before[field] !== after[field]) changes[field] = { before: before[field], after: after[field] };
  }
  await audited(scope, "project.updated", { type: "project", id: input.projectId }, { changes });
  await emitEvent(scope, "project.updated", { projectId: input.projectId, name: after.name, changes });
  return after;
}

/** Soft delete (to the trash) or restore, guarded by the version like any edit. */
export async function setProjectDeleted(scope: TenantScope, input: VersionedProjectInput, deleted: boolean) {
  const { tx } = scope;
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
  if (count === 0) return projectConflict(scope, input.projectId, deleted ? "live" : "deleted");
  await audited(scope, deleted ? "project.deleted" : "project.restored", { type: "project", id: input.projectId });
  const row = await tx.project.findUniqueOrThrow({ where: { id: input.projectId }, select: PROJECT_FIELDS });
  await emitEvent(scope, deleted ? "project.deleted" : "project.restored", { projectId: row.id, name: row.name });
  return withTaskCounts(scope, row);
}
