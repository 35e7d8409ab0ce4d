import { createApi } from "./app";
import { EnvError, loadApiEnv } from "./env";

async function main() {
  let env;
  try {
    env = loadApiEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      // One clear line naming every bad variable, then stop.
      console.error(`agency-api: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }

  const api = await createApi({ env });
  const { app, deps } = api;

  let shuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    deps.log.info({ signal }, "shutting down: draining requests");
    const force = setTimeout(() => {
      deps.log.error({ timeoutMs: env.SHUTDOWN_TIMEOUT_MS }, "shutdown timed out; exiting");
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    api.close().then(
      () => {
        deps.log.info("shutdown complete");
        process.exit(0);
      },
      (error: Error) => {
        deps.log.error({ error: { type: error.name, message: error.message } }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);

  const address = await app.listen({ host: env.API_HOST, port: env.API_PORT });
  deps.log.info({ address, version: deps.version }, "api listening");
}

main().catch((error: Error) => {
  console.error(`agency-api: failed to start: ${error.name}: ${error.message}`);
  process.exit(1);
});
