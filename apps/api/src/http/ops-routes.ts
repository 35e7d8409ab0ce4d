import { createHash, timingSafeEqual } from "node:crypto";
import { opsStatusSchema, type ApiEnv, type OpsStatus } from "@agency/validators";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { checkDatabase, DATABASE_CHECK_TIMEOUT_MS, withTimeout } from "../routers/system/status";
import type { ApiDeps } from "../trpc/context";
import { handleNotFound } from "./error-handler";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * True when the request carries `Authorization: Bearer <OPS_TOKEN>`. Both sides are hashed first,
 * so the comparison is constant-time and its length says nothing about the token's.
 */
function hasOpsToken(request: FastifyRequest, expected: Buffer): boolean {
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(request.headers.authorization ?? "");
  return match !== null && timingSafeEqual(digest(match[1]!), expected);
}

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
  const expected = digest(config.OPS_TOKEN);
  app.get("/ops/status", async (request, reply) => {
    if (!hasOpsToken(request, expected)) return handleNotFound(request, reply);
    const body = opsStatusSchema.parse(await readOpsStatus(deps));
    return reply.header("cache-control", "no-store").send(body);
  });
}
