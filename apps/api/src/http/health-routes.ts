import type { FastifyInstance } from "fastify";
import { errorBody } from "../errors/error-envelope";
import { PG_BOSS_SCHEMA_VERSION } from "../jobs/schema-version";
import type { ApiDeps } from "../trpc/context";

const READINESS_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref()),
  ]);
}

/**
 * `/healthz`: the process is alive. `/readyz`: the database answers, every migration is applied and
 * the job queue's schema is the one the pinned pg-boss expects (services enqueue into it).
 */
export function registerHealthRoutes(app: FastifyInstance, deps: ApiDeps) {
  // Liveness only; process details (version, uptime) are for operators (GET /ops/status).
  app.get("/healthz", async () => ({ status: "ok" }));

  app.get("/readyz", async (request, reply) => {
    try {
      const [ping, migrations, jobsSchema] = await withTimeout(
        Promise.all([deps.db.ping(), deps.db.migrationStatus(), deps.db.jobQueueSchemaVersion()]),
        READINESS_TIMEOUT_MS,
      );
      const checks = {
        database: { ok: true, latencyMs: ping.latencyMs },
        migrations: { ok: migrations.pending === 0 && migrations.failed === 0, ...migrations },
        jobQueue: { ok: jobsSchema === PG_BOSS_SCHEMA_VERSION, schemaVersion: jobsSchema, expected: PG_BOSS_SCHEMA_VERSION },
      };
      if (!checks.migrations.ok) {
        return reply
          .status(503)
          .send(errorBody("SERVICE_UNAVAILABLE", "Database migrations are not fully applied", request.id, { checks }));
      }
      if (!checks.jobQueue.ok) {
        return reply
          .status(503)
          .send(errorBody("SERVICE_UNAVAILABLE", "The job queue's schema does not match this build's pg-boss", request.id, { checks }));
      }
      return { status: "ready", checks };
    } catch (error) {
      request.log.warn({ error: { type: (error as Error).name, message: (error as Error).message } }, "readiness check failed");
      return reply.status(503).send(
        errorBody("SERVICE_UNAVAILABLE", "Database is unreachable", request.id, {
          checks: { database: { ok: false } },
        }),
      );
    }
  });
}
