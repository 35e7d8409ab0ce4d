/**
 * The stack Playwright tests run against: a fresh database (a new database on
 * TEST_DATABASE_URL's server, or a new embedded PostgreSQL in a temp folder),
 * migrated and seeded, the built API (`node dist/main.js`, as in production), the built job worker
 * (`node dist/worker.js`: mail and webhook deliveries) and the built web app (`server/main.mjs`, Next
 * behind its custom server). Stays up until SIGTERM/SIGINT, then cleans up.
 */
import { type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startFakeLlm } from "../apps/api/test/support/fake-llm";
import { productionNodeArgs } from "../apps/api/scripts/production-command";
import { startFakeStripe } from "../apps/api/test/support/fake-stripe";
import { startOidcProvider } from "./oidc-mock";
import { migrateAndSeed, onShutdown, provideDatabase, repoRoot, run, waitForUrl } from "./stack";

const apiPort = Number(process.env.API_PORT ?? 4100);
const webPort = Number(process.env.WEB_PORT ?? 3100);

const children: ChildProcess[] = [];
let cleanup = async () => {};
const stop = onShutdown(() => children, () => cleanup());

try {
  let databaseUrl: string;
  if (process.env.TEST_DATABASE_URL) {
    const name = `agency_e2e_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    await admin.end();
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    cleanup = async () => {
      const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    };
  } else {
    const dataDir = mkdtempSync(path.join(tmpdir(), "agency-e2e-pg-"));
    const db = await provideDatabase({ dataDir: path.join(dataDir, "data") });
    databaseUrl = db.url;
    cleanup = async () => {
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  await migrateAndSeed(databaseUrl);
  const oidc = await startOidcProvider();
  // The assistant talks to a local fake model provider (OpenAI's wire format), never the internet.
  const fakeLlm = await startFakeLlm();
  // Stripe is never reached: the API and worker's SDK talk to the tests' fake (README "Stripe"). The
  // billing-stripe spec connects with this key (E2E_STRIPE_KEY, shared through Playwright's config).
  // A fixed port (E2E_STRIPE_PORT, default API_PORT + 1): specs change fake objects through its control route.
  const stripe = await startFakeStripe({ port: Number(process.env.E2E_STRIPE_PORT ?? apiPort + 1) });
  stripe.addAccount(process.env.E2E_STRIPE_KEY ?? "rk_test_e2estripekey0000000000", { name: "E2E Agency Stripe" });
  const stopDatabase = cleanup;
  cleanup = async () => {
    await oidc.stop();
    await fakeLlm.close();
    await stripe.close();
    await stopDatabase();
  };

  const env = {
    DATABASE_URL: databaseUrl,
    NODE_ENV: "production",
    API_PORT: String(apiPort),
    WEB_PORT: String(webPort),
    API_URL: `http://127.0.0.1:${apiPort}`,
    CORS_ORIGINS: `http://127.0.0.1:${webPort},http://localhost:${webPort}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    // Playwright's config picks it (E2E_INTERNAL_API_SECRET) so specs can call the API as the web server does.
    INTERNAL_API_SECRET: process.env.E2E_INTERNAL_API_SECRET ?? randomBytes(32).toString("hex"),
    // Every browser in the suite signs in from 127.0.0.1: ten times the limits, still finite.
    RATE_LIMIT_SCALE: "10",
    // Invitation links are read from the dev outbox, as a developer would.
    DEV_OUTBOX: "true",
    NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
    NEXTAUTH_URL: `http://127.0.0.1:${webPort}`,
    APP_URL: `http://127.0.0.1:${webPort}`,
    // "Single sign-on" signs in through a local OpenID Connect provider (scripts/oidc-mock.ts).
    OIDC_ISSUER: oidc.issuer,
    OIDC_CLIENT_ID: "agency-e2e",
    OIDC_CLIENT_SECRET: randomBytes(16).toString("hex"),
    NEXT_TELEMETRY_DISABLED: "1",
    // Webhook specs register endpoints on a receiver the test starts on loopback.
    WEBHOOK_ALLOW_PRIVATE_TARGETS: "127.0.0.0/8",
    // Production mode needs real keys to store integration secrets: a fresh one per stack.
    ENCRYPTION_KEYS: `e2e:${randomBytes(32).toString("base64")}`,
    // The LLM gateway's one route: the fake provider (apps/api/test/support/fake-llm.ts).
    AI_ROUTES: "openai:gpt-4o-mini",
    OPENAI_API_KEY: "sk-e2e-fake",
    OPENAI_BASE_URL: fakeLlm.baseUrl,
    STRIPE_API_BASE_URL: stripe.url,
  };
  // Spawned directly (not through pnpm) so SIGTERM reaches the servers and shutdown is quiet.
  // Compiled JavaScript with the flags `pnpm start` / `pnpm worker` use (turbo builds it before test:e2e).
  children.push(run("api", process.execPath, productionNodeArgs("start"), { cwd: `${repoRoot}apps/api`, env }));
  await waitForUrl(`http://127.0.0.1:${apiPort}/readyz`, 60_000);
  // The job worker beside it, with the same env (encryption keys, private targets, app URL): it
  // delivers webhooks (webhook.deliver polls every second) and mail. Stopped with the stack.
  children.push(
    run("worker", process.execPath, productionNodeArgs("worker"), {
      cwd: `${repoRoot}apps/api`,
      // The hourly auto-invoicing (tested on its own in apps/api/test/billing-auto-invoice.test.ts) is
      // off here: at minute 27 it would add invoices under the billing and revenue specs' expected totals.
      env: { ...env, WORKER_SHUTDOWN_TIMEOUT_MS: "5000", BILLING_AUTO_INVOICE: "off" },
    }),
  );
  // The built app behind its own server (apps/web/server/main.mjs), which decides the client's
  // address from the socket: what `pnpm --filter @agency/web start` runs in production.
  children.push(
    run("web", process.execPath, ["server/main.mjs"], {
      cwd: `${repoRoot}apps/web`,
      env: { ...env, WEB_HOST: "127.0.0.1" },
    }),
  );
  await waitForUrl(`http://127.0.0.1:${webPort}/`, 120_000);
  console.log(`e2e stack ready: web http://127.0.0.1:${webPort} api http://127.0.0.1:${apiPort}`);
  for (const child of children) child.on("exit", (code) => void stop(code ?? 1));
} catch (error) {
  console.error(`e2e stack failed: ${(error as Error).message}`);
  await stop(1);
}
