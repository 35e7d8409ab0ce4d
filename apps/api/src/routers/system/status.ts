import { systemStatusSchema, type SystemStatus } from "@agency/validators";
import { publicProcedure } from "../../trpc/trpc";
import type { ApiDeps } from "../../trpc/context";

/** Live status of the API and its database. Never throws for a database outage: it reports it. */
export async function readSystemStatus(deps: Pick<ApiDeps, "db" | "version" | "startedAt">): Promise<SystemStatus> {
  const base = {
    version: deps.version,
    uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
    time: new Date().toISOString(),
  };
  try {
    const ping = await deps.db.ping();
    const migrations = await deps.db.migrationStatus();
    const [organizations, users] = await deps.db.maintenance(({ tx }) =>
      Promise.all([tx.organization.count(), tx.user.count()]),
    );
    const healthy = migrations.pending === 0 && migrations.failed === 0;
    return {
      ...base,
      status: healthy ? "ok" : "degraded",
      database: {
        reachable: true,
        latencyMs: ping.latencyMs,
        appliedMigrations: migrations.applied,
        pendingMigrations: migrations.pending,
        latestMigration: migrations.latest,
        serverVersion: ping.serverVersion,
      },
      counts: { organizations, users },
    };
  } catch {
    return {
      ...base,
      status: "degraded",
      database: {
        reachable: false,
        latencyMs: null,
        appliedMigrations: 0,
        pendingMigrations: 0,
        latestMigration: null,
        serverVersion: null,
      },
      counts: { organizations: 0, users: 0 },
    };
  }
}

export const status = publicProcedure
  .meta({ limit: "read" })
  .output(systemStatusSchema)
  .query(({ ctx }) => readSystemStatus(ctx));
