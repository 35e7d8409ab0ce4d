// @ts-check
/**
 * The web app's HTTP server: Next.js behind a plain Node server (Next's custom-server API), so
 * the client's address is decided here, from the socket (or trusted proxies, TRUST_PROXY), before
 * any route handler or next-auth reads `x-forwarded-for`. `node server/main.mjs --dev` runs
 * `next dev` (HMR included), without `--dev` the `next build` output.
 */
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { overwriteForwardedHeaders } from "./client-address.mjs";
import { loadServerEnv, settleNodeEnv } from "./env.mjs";

const SHUTDOWN_GRACE_MS = 5_000;

const mode = { dev: process.argv.includes("--dev") };
settleNodeEnv(mode);
const env = loadServerEnv(mode);
// Imported after NODE_ENV is settled (see settleNodeEnv).
const { default: next } = await import("next");

const server = createServer();
const app = next({
  dev: env.dev,
  dir: fileURLToPath(new URL("..", import.meta.url)),
  hostname: env.host ?? "localhost",
  port: env.port,
  // Next attaches its upgrade handler (HMR's WebSocket in dev) to this server on the first request.
  httpServer: server,
});
const handle = app.getRequestHandler();

server.on("request", (request, response) => {
  overwriteForwardedHeaders(request, env.trustProxy);
  handle(request, response).catch((/** @type {unknown} */ error) => {
    console.error("agency-web: request failed", error);
    if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
    response.end("Internal Server Error");
  });
});
// Registered before Next's own upgrade listener, and listeners run in order: the HMR socket's
// request is cleaned the same way before Next reads it.
server.on("upgrade", (request) => {
  overwriteForwardedHeaders(request, env.trustProxy);
});

server.on("error", (error) => {
  console.error(`agency-web: server error: ${error.message}`);
  process.exit(1);
});

await app.prepare();
server.listen(env.port, env.host, () => {
  const where = env.host ?? "localhost";
  console.log(
    `agency-web: ${env.dev ? "development" : "production"} server on http://${where}:${env.port} ` +
      `(TRUST_PROXY=${String(env.trustProxySetting)})`,
  );
});

let stopping = false;
/** Stop accepting, let requests in flight finish, cut long-lived streams (SSE) after a grace period. */
function shutdown() {
  if (stopping) return;
  stopping = true;
  const forceClose = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
  forceClose.unref();
  server.close(() => {
    clearTimeout(forceClose);
    void app.close().finally(() => process.exit(0));
  });
  server.closeIdleConnections();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
