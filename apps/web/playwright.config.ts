import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chromium, defineConfig, devices } from "@playwright/test";

const webPort = Number(process.env.WEB_PORT ?? 3100);
const apiPort = Number(process.env.API_PORT ?? 4100);
const baseURL = `http://127.0.0.1:${webPort}`;

/**
 * The stack's INTERNAL_API_SECRET, chosen here (not by scripts/e2e-stack.ts) so specs can call the
 * API as the web server does — e.g. a credential-stuffing attack from many client addresses
 * (e2e/support/stack.ts). Set on process.env before workers start, so they inherit the same value;
 * a stack reused from an earlier run (reuseExistingServer) only matches if it was given it too.
 */
process.env.E2E_INTERNAL_API_SECRET ??= randomBytes(32).toString("hex");
// The restricted key the e2e stack's fake Stripe accepts (scripts/e2e-stack.ts; billing-stripe spec).
process.env.E2E_STRIPE_KEY ??= "rk_test_e2estripekey0000000000";
process.env.E2E_API_URL ??= `http://127.0.0.1:${apiPort}`;
// The fake Stripe's control route (scripts/e2e-stack.ts listens on API_PORT + 1).
process.env.E2E_STRIPE_URL ??= `http://127.0.0.1:${apiPort + 1}`;

/**
 * Playwright's own Chromium when it is installed; otherwise the system one
 * (Debian's `chromium`), since the browser download is unreachable on some machines.
 */
function browserExecutable(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync(chromium.executablePath())) return undefined;
  return "/usr/bin/chromium";
}

const launchOptions = {
  executablePath: browserExecutable(),
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
  ],
};

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results/artifacts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  // No retries, in CI either: a test that passes on its second try is a flaky test, and a retry
  // hides it. Specs wait on events (responses, DOM state, SSE messages), never on timers.
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: { baseURL, trace: "retain-on-failure", launchOptions },
  projects: [
    { name: "api", testMatch: /api\/.*\.spec\.ts/ },
    { name: "ui", testMatch: /ui\/.*\.spec\.ts/, use: { ...devices["Desktop Chrome"], launchOptions } },
  ],
  webServer: {
    // A fresh database (migrated + seeded), the API and the built web app: scripts/e2e-stack.ts.
    command: "pnpm --dir ../.. exec tsx scripts/e2e-stack.ts",
    url: `${baseURL}/`,
    env: { WEB_PORT: String(webPort), API_PORT: String(apiPort), E2E_INTERNAL_API_SECRET: process.env.E2E_INTERNAL_API_SECRET, E2E_STRIPE_KEY: process.env.E2E_STRIPE_KEY },
    // Locally an already running stack on WEB_PORT is reused; CI always starts a fresh one.
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
