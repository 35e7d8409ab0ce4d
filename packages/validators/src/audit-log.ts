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
  createdAt: z.iso.datetime(),
});

export const auditPageSchema = z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() });
