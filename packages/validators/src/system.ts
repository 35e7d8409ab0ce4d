import { z } from "zod";
import { text } from "./primitives";

/**
 * What the public `system.status` returns: is the service up. Deliberately nothing about the
 * platform's insides (versions, migrations, tenant counts): those are for operators only
 * (`opsStatusSchema`, `GET /ops/status` on the API).
 */
export const systemStatusSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  time: z.iso.datetime(),
});
export type SystemStatus = z.infer<typeof systemStatusSchema>;

export const databaseStatusSchema = z.object({
  reachable: z.boolean(),
  latencyMs: z.number().nonnegative().nullable(),
  appliedMigrations: z.number().int().nonnegative(),
  pendingMigrations: z.number().int().nonnegative(),
  latestMigration: z.string().nullable(),
  serverVersion: z.string().nullable(),
});
export type DatabaseStatus = z.infer<typeof databaseStatusSchema>;

/** Operator-only `GET /ops/status` (Bearer OPS_TOKEN): the API, its database and platform-wide counts. */
export const opsStatusSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  time: z.iso.datetime(),
  api: z.object({ version: z.string(), uptimeSeconds: z.number().nonnegative() }),
  database: databaseStatusSchema,
  /** Platform-wide, all tenants: null when the database is unreachable. */
  counts: z
    .object({
      organizations: z.number().int().nonnegative(),
      users: z.number().int().nonnegative(),
    })
    .nullable(),
});
export type OpsStatus = z.infer<typeof opsStatusSchema>;

export const echoInputSchema = z.object({
  message: text({
    min: 1,
    minMessage: "Message is required",
    max: 280,
    maxMessage: "Message must be at most 280 characters",
  }),
});
