import { z } from "zod";
import { orgIdInputSchema } from "./organizations";
import { pageInputSchema } from "./pagination";
import { recordVersionSchema, text } from "./primitives";

export const clientStatusSchema = z.enum(["active", "paused", "archived"]);

const clientFields = {
  name: text({ min: 1, minMessage: "Name is required", max: 120, maxMessage: "Name must be at most 120 characters" }),
  contactName: text({ max: 120, maxMessage: "Contact name must be at most 120 characters" }).nullish(),
  contactEmail: text({ case: "lower", max: 254 }).pipe(z.email("Enter a valid email address")).nullish(),
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
  expectedVersion: recordVersionSchema,
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
export const deleteClientInputSchema = clientIdInputSchema.extend({ expectedVersion: recordVersionSchema });

export const listClientsInputSchema = orgIdInputSchema.extend(pageInputSchema.shape).extend({
  status: clientStatusSchema.optional(),
  /** Case-insensitive match on the name. */
  search: text({ min: 1, max: 100 }).optional(),
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
