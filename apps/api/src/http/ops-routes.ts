import { opsStatusSchema, type ApiEnv, type OpsStatus } from "@agency/validators";
import type { FastifyInstance } from "fastify";
import { checkDatabase, DATABASE_CHECK_TIMEOUT_MS, withTimeout } from "../routers/system/status";
import type { ApiDeps } from "../trpc/context";
import { bearerTokenCheck } from "./bearer-token";
import { handleNotFound } from "./error-handler";

/** Everything an operator wants on one page; the platform-wide counts read across all tenants (as app_maintenance). */
async function readOpsStatus(deps: Pick<ApiDeps, "db" | "version" | "startedAt">): Promise<OpsStatus> {
  const { healthy, database } = await checkDatabase(deps.db);
  const counts = database.reachable
    ? await withTimeout(
        deps.db.maintenance(({ tx }) => Promise.all([tx.organization.count(), tx.user.count()])),
        DATABASE_CHECK_TIMEOUT_MS,
      ).then(
        ([organizations, users]) => ({ organizations, users }),
        () => null,
      )
    : null;
  return {
    status: healthy ? "ok" : "degraded",
    time: new Date().toISOString(),
    api: { version: deps.version, uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000) },
    database,
    counts,
  };
}

/**
 * `GET /ops/status`: platform internals for operators (database latency and version, migrations,
 * organization and user counts, API version and uptime), only with `Authorization: Bearer
 * <OPS_TOKEN>`. Without OPS_TOKEN set, or without the right token, it is a 404 like any unknown
 * route: nobody learns that it exists.
 */
export function registerOpsRoutes(app: FastifyInstance, deps: ApiDeps, config: Pick<ApiEnv, "OPS_TOKEN">) {
  if (!config.OPS_TOKEN) return;
  const hasOpsToken = bearerTokenCheck(config.OPS_TOKEN);
  app.get("/ops/status", async (request, reply) => {
    if (!hasOpsToken(request.headers.authorization)) return handleNotFound(request, reply);
    const body = opsStatusSchema.parse(await readOpsStatus(deps));
    return reply.header("cache-control", "no-store").send(body);
  });
}
