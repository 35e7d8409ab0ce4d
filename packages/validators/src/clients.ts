import { z } from "zod";
import { orgIdInputSchema } from "./organizations";
import { pageInputSchema } from "./pagination";

export const clientStatusSchema = z.enum(["active", "paused", "archived"]);

const clientFields = {
  name: z.string().trim().min(1, "Name is required").max(120, "Name must be at most 120 characters"),
  contactName: z.string().trim().max(120, "Contact name must be at most 120 characters").nullish(),
  contactEmail: z.string().trim().toLowerCase().max(254).pipe(z.email("Enter a valid email address")).nullish(),
  status: clientStatusSchema,
};

export const createClientInputSchema = orgIdInputSchema.extend({
  name: clientFields.name,
  contactName: clientFields.contactName,
  contactEmail: clientFields.contactEmail,
  status: clientFields.status.default("active"),
});

export const updateClientInputSchema = orgIdInputSchema.extend({
  clientId: z.uuid(),
  /** The version the editor saw; a stale one gets CONFLICT with the current record. */
  expectedVersion: z.number().int().min(1),
  patch: z
    .object({
      name: clientFields.name.optional(),
      contactName: clientFields.contactName,
      contactEmail: clientFields.contactEmail,
      status: clientFields.status.optional(),
    })
    .refine((patch) => Object.keys(patch).length > 0, "Change at least one field"),
});

export const clientIdInputSchema = orgIdInputSchema.extend({ clientId: z.uuid() });
export const deleteClientInputSchema = clientIdInputSchema.extend({ expectedVersion: z.number().int().min(1) });

export const listClientsInputSchema = orgIdInputSchema.extend(pageInputSchema.shape).extend({
  status: clientStatusSchema.optional(),
  /** Case-insensitive match on the name. */
  search: z.string().trim().min(1).max(100).optional(),
  sort: z.enum(["name", "newest"]).default("name"),
  /** The trash: soft-deleted clients instead of live ones. */
  deleted: z.boolean().default(false),
});

export const clientSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  contactName: z.string().nullable(),
  contactEmail: z.string().nullable(),
  status: clientStatusSchema,
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  deletedAt: z.iso.datetime().nullable(),
});
export type ClientDto = z.infer<typeof clientSchema>;

export const clientPageSchema = z.object({ items: z.array(clientSchema), nextCursor: z.string().nullable() });
