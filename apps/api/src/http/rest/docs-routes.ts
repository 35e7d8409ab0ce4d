import type { FastifyInstance } from "fastify";
import { createReadStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { REST_PREFIX } from "./operations";

/**
 * Scalar's standalone browser bundle, served by us from node_modules: no CDN, no third-party
 * request. (The package exports only its ESM entry; the bundle sits beside it.)
 */
const scalarBundle = () =>
  fileURLToPath(new URL("./browser/standalone.js", import.meta.resolve("@scalar/api-reference")));

/**
 * The docs page's own CSP: script, styles, fonts and the spec from this origin only (Scalar
 * injects its styles at run time, hence 'unsafe-inline' for styles — never for scripts);
 * nothing may be fetched from elsewhere, so the reference's telemetry, fonts and proxy could
 * not reach out even if they were switched on.
 */
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Agency OS API reference</title>
    <link rel="icon" href="data:," />
  </head>
  <body>
    <div id="app"></div>
    <script src="${REST_PREFIX}/docs/scalar.js"></script>
    <script src="${REST_PREFIX}/docs/init.js"></script>
  </body>
</html>
`;

// A file, not an inline script, so the CSP needs no 'unsafe-inline' or hash for scripts.
const DOCS_INIT = `Scalar.createApiReference("#app", ${JSON.stringify({
  url: `${REST_PREFIX}/openapi.json`,
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: true,
  showDeveloperTools: "never",
  agent: { disabled: true },
  defaultOpenAllTags: false,
})});
`;

/**
 * `GET /api/v1/openapi.json` (generated once, at the first request, and cached) and the docs page
 * `GET /api/v1/docs` with its two scripts. Public and free of tenant data.
 */
export function registerDocsRoutes(app: FastifyInstance, spec: () => unknown) {
  let json: string | undefined;
  app.get(`${REST_PREFIX}/openapi.json`, { compress: { threshold: 1024 } }, (_request, reply) => {
    json ??= JSON.stringify(spec());
    return reply.header("cache-control", "public, max-age=300").type("application/json; charset=utf-8").send(json);
  });
  app.get(`${REST_PREFIX}/docs`, (_request, reply) =>
    reply
      .header("content-security-policy", DOCS_CSP)
      .header("cache-control", "public, max-age=300")
      .type("text/html; charset=utf-8")
      .send(DOCS_PAGE),
  );
  app.get(`${REST_PREFIX}/docs/init.js`, (_request, reply) =>
    reply.header("cache-control", "public, max-age=300").type("text/javascript; charset=utf-8").send(DOCS_INIT),
  );
  app.get(`${REST_PREFIX}/docs/scalar.js`, { compress: { threshold: 1024 } }, (_request, reply) =>
    reply
      .header("cache-control", "public, max-age=86400")
      .type("text/javascript; charset=utf-8")
      .send(createReadStream(scalarBundle())),
  );
}
