import { z } from "zod";
import { text } from "./primitives";

export const databaseStatusSchema = z.object({
  reachable: z.boolean(),
  latencyMs: z.number().nonnegative().nullable(),
  appliedMigrations: z.number().int().nonnegative(),
  pendingMigrations: z.number().int().nonnegative(),
  latestMigration: z.string().nullable(),
  serverVersion: z.string().nullable(),
});

/** What `system.status` returns: live status of the API and its database. */
export const systemStatusSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  version: z.string(),
  uptimeSeconds: z.number().nonnegative(),
  time: z.iso.datetime(),
  database: databaseStatusSchema,
  counts: z.object({
    organizations: z.number().int().nonnegative(),
    users: z.number().int().nonnegative(),
  }),
});
export type SystemStatus = z.infer<typeof systemStatusSchema>;

export const echoInputSchema = z.object({
  message: text({
    min: 1,
    minMessage: "Message is required",
    max: 280,
    maxMessage: "Message must be at most 280 characters",
  }),
});
