import { z } from "zod";
import { auditActionSchema } from "./audit";
import { orgIdInputSchema } from "./organizations";
import { pageInputSchema } from "./pagination";
import { text } from "./primitives";

export const listAuditLogInputSchema = orgIdInputSchema.extend(pageInputSchema.shape).extend({
  action: auditActionSchema.optional(),
  actorUserId: z.uuid().optional(),
  targetType: text({ trim: false, min: 1, max: 64 }).optional(),
  targetId: text({ trim: false, min: 1, max: 128 }).optional(),
});

/** A record an audit entry names by id, resolved for reading (audit.list `references`). */
export const auditReferenceSchema = z.object({
  type: z.enum(["task", "project", "client", "user"]),
  /** The title or name now; null when the record no longer exists (purged) or is out of reach. */
  name: z.string().nullable(),
  /** In the trash (still restorable). */
  deleted: z.boolean(),
});
export type AuditReference = z.infer<typeof auditReferenceSchema>;

export const auditEntrySchema = z.object({
  id: z.string(),
  action: z.string(),
  /** A person, or an API key (id: its service user; name and apiKeyId: the key's). */
  actor: z
    .object({ id: z.uuid(), name: z.string(), kind: z.enum(["person", "apiKey"]), apiKeyId: z.uuid().nullable() })
    .nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  metadata: z.unknown(),
  /**
   * The records the entry names by id — its target and ids in its metadata (assigneeId,
   * projectId, clientId, taskId, userId, also inside `changes`) — by id, with their current name,
   * so a reader sees "Website relaunch" and "Ana Lima" instead of UUIDs.
   */
  references: z.record(z.string(), auditReferenceSchema),
  createdAt: z.iso.datetime(),
});

export const auditPageSchema = z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() });
