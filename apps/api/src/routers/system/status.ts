import { systemStatusSchema, type DatabaseStatus, type SystemStatus } from "@agency/validators";
import { publicProcedure } from "../../trpc/trpc";
import type { ApiDeps } from "../../trpc/context";

/** A hung database must not hang a status check: past this it reads as unreachable. */
export const DATABASE_CHECK_TIMEOUT_MS = 2_000;

const UNREACHABLE: DatabaseStatus = {
  reachable: false,
  latencyMs: null,
  appliedMigrations: 0,
  pendingMigrations: 0,
  latestMigration: null,
  serverVersion: null,
};

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The database as the API sees it, and whether the API can serve: reachable with every migration
 * applied. Never throws: an outage (or no answer within the timeout) reads as unreachable.
 */
export async function checkDatabase(db: ApiDeps["db"]): Promise<{ healthy: boolean; database: DatabaseStatus }> {
  try {
    const [ping, migrations] = await withTimeout(
      Promise.all([db.ping(), db.migrationStatus()]),
      DATABASE_CHECK_TIMEOUT_MS,
    );
    return {
      healthy: migrations.pending === 0 && migrations.failed === 0,
      database: {
        reachable: true,
        latencyMs: ping.latencyMs,
        appliedMigrations: migrations.applied,
        pendingMigrations: migrations.pending,
        latestMigration: migrations.latest,
        serverVersion: ping.serverVersion,
      },
    };
  } catch {
    return { healthy: false, database: UNREACHABLE };
  }
}

/**
 * Public: up or degraded, and nothing else — anyone may call it, so it says nothing about the
 * platform's insides (versions, migrations, tenant counts: `GET /ops/status`, operators only).
 */
export async function readSystemStatus(deps: Pick<ApiDeps, "db">): Promise<SystemStatus> {
  const { healthy } = await checkDatabase(deps.db);
  return { status: healthy ? "ok" : "degraded", time: new Date().toISOString() };
}

export const status = publicProcedure
  .meta({ limit: "read" })
  .output(systemStatusSchema)
  .query(({ ctx }) => readSystemStatus(ctx));
