import type { AuditReference } from "@agency/validators";
import type { TenantScope } from "../scope";

type ReferenceType = AuditReference["type"];

/** Metadata keys that hold the id of a record, and what kind of record. */
const ID_KEYS: Record<string, ReferenceType> = {
  assigneeId: "user",
  userId: "user",
  actorUserId: "user",
  projectId: "project",
  clientId: "client",
  taskId: "task",
  afterTaskId: "task",
};
/** Audit targets that are records a person can name. */
const TARGET_TYPES: Record<string, ReferenceType> = { task: "task", project: "project", client: "client", user: "user" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Every (type, id) an entry mentions: its target, and id-valued metadata keys at the top level or as `{ before, after }` (also under `changes`). */
export function mentionedIds(entry: { targetType: string | null; targetId: string | null; metadata: unknown }): [ReferenceType, string][] {
  const found: [ReferenceType, string][] = [];
  const add = (type: ReferenceType | undefined, value: unknown) => {
    if (type && typeof value === "string" && UUID.test(value)) found.push([type, value.toLowerCase()]);
  };
  if (entry.targetType) add(TARGET_TYPES[entry.targetType], entry.targetId);
  const scan = (object: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(object)) {
      const type = ID_KEYS[key];
      if (!type) continue;
      if (isRecord(value)) {
        add(type, value.before);
        add(type, value.after);
      } else add(type, value);
    }
  };
  if (isRecord(entry.metadata)) {
    scan(entry.metadata);
    if (isRecord(entry.metadata.changes)) scan(entry.metadata.changes);
  }
  return found;
}

/**
 * Names for every record a page of entries mentions: one query per record type (at most four,
 * whatever the page size), under the caller's RLS — so only this organization's records resolve.
 * Trashed records resolve with `deleted: true`; purged ones (or people no longer visible) are
 * absent from the map and read as gone.
 */
export async function resolveReferences(
  scope: TenantScope,
  entries: { targetType: string | null; targetId: string | null; metadata: unknown }[],
): Promise<Map<string, AuditReference>> {
  const ids: Record<ReferenceType, Set<string>> = { task: new Set(), project: new Set(), client: new Set(), user: new Set() };
  for (const entry of entries) for (const [type, id] of mentionedIds(entry)) ids[type].add(id);
  const { tx } = scope;
  const orgId = scope.org.id;
  const [tasks, projects, clients, users] = await Promise.all([
    ids.task.size ? tx.task.findMany({ where: { orgId, id: { in: [...ids.task] } }, select: { id: true, title: true, deletedAt: true } }) : [],
    ids.project.size
      ? tx.project.findMany({ where: { orgId, id: { in: [...ids.project] } }, select: { id: true, name: true, deletedAt: true } })
      : [],
    ids.client.size
      ? tx.client.findMany({ where: { orgId, id: { in: [...ids.client] } }, select: { id: true, name: true, deletedAt: true } })
      : [],
    ids.user.size ? tx.user.findMany({ where: { id: { in: [...ids.user] } }, select: { id: true, name: true } }) : [],
  ]);
  const resolved = new Map<string, AuditReference>();
  for (const task of tasks) resolved.set(task.id, { type: "task", name: task.title, deleted: task.deletedAt !== null });
  for (const project of projects) resolved.set(project.id, { type: "project", name: project.name, deleted: project.deletedAt !== null });
  for (const client of clients) resolved.set(client.id, { type: "client", name: client.name, deleted: client.deletedAt !== null });
  for (const user of users) resolved.set(user.id, { type: "user", name: user.name, deleted: false });
  // Mentioned but not found: purged, or a person who is no longer visible here.
  for (const type of Object.keys(ids) as ReferenceType[]) {
    for (const id of ids[type]) if (!resolved.has(id)) resolved.set(id, { type, name: null, deleted: true });
  }
  return resolved;
}

/** The part of the page's map one entry mentions. */
export function referencesOf(entry: Parameters<typeof mentionedIds>[0], all: Map<string, AuditReference>): Record<string, AuditReference> {
  const mine: Record<string, AuditReference> = {};
  for (const [, id] of mentionedIds(entry)) {
    const reference = all.get(id);
    if (reference) mine[id] = reference;
  }
  return mine;
}
