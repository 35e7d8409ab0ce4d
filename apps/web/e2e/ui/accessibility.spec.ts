/**
 * Every page of the app, signed out and signed in, at 1280 and 375 px: axe-core finds no serious or
 * critical violation, and a full-page screenshot of each lands in test-results/screenshots/
 * (a11y-<page>-<width>.png) to be looked at.
 *
 * ADDING A PAGE? Add it to PAGES below — one entry, and it is checked at both widths. A page that
 * needs data gets it from the shared seed (SeededWorkspace, e2e/support/seed-workspace.ts; extend
 * the seed rather than seeding in a test), and names in `ready` what shows once its data is there.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { saveScreenshot } from "../support/screenshots";
import { newContext, seedWorkspace, type SeededWorkspace } from "../support/seed-workspace";

interface PageUnderTest {
  /** Names the test and the screenshot. */
  name: string;
  /** Signed in as the seeded owner (with the seeded organization active), or a signed-out visitor. */
  signedIn: boolean;
  path: (seed: SeededWorkspace) => string;
  /** What is on screen once the page has its data (default: the first heading). */
  ready?: (page: Page, seed: SeededWorkspace) => Locator;
  /** Brings the page into the state to check (a menu opened, a form shown), after `ready`. */
  act?: (page: Page, width: number) => Promise<void>;
}

const heading = (name: string | RegExp) => (page: Page) => page.getByRole("heading", { name, level: 1 });

// THE page list: one entry per page of the app.
const PAGES: PageUnderTest[] = [
  // Signed out
  { name: "landing", signedIn: false, path: () => "/" },
  { name: "sign-in", signedIn: false, path: () => "/sign-in" },
  { name: "sign-up", signedIn: false, path: () => "/sign-up" },
  { name: "forgot-password", signedIn: false, path: () => "/forgot-password" },
  { name: "reset-password", signedIn: false, path: (seed) => seed.resetPasswordPath, ready: heading("Choose a new password") },
  { name: "verify-email", signedIn: false, path: (seed) => seed.verifyEmailPath },
  { name: "invitation", signedIn: false, path: (seed) => seed.invitationPath },
  { name: "status", signedIn: false, path: () => "/status", ready: heading("System status") },
  { name: "not-found", signedIn: false, path: () => "/no-such-page" },
  // Signed in
  { name: "dashboard", signedIn: true, path: () => "/app" },
  { name: "clients", signedIn: true, path: () => "/app/clients", ready: (page) => page.getByText("Northwind Traders").first() },
  { name: "client", signedIn: true, path: (seed) => `/app/clients/${seed.clientId}`, ready: heading("Northwind Traders") },
  { name: "projects", signedIn: true, path: () => "/app/projects", ready: (page) => page.getByText("Website relaunch").first() },
  {
    name: "board",
    signedIn: true,
    path: (seed) => `/app/projects/${seed.projectId}`,
    ready: (page) => page.getByTestId("task-card").first(),
  },
  {
    name: "tasks",
    signedIn: true,
    path: () => "/app/tasks",
    ready: (page) => page.getByRole("link", { name: "Draft the sitemap" }).filter({ visible: true }),
  },
  { name: "task", signedIn: true, path: (seed) => `/app/tasks/${seed.taskIds[0]}`, ready: (page) => page.getByText("Can we keep the old footer links?") },
  { name: "organization", signedIn: true, path: () => "/app/organization" },
  { name: "new-organization", signedIn: true, path: () => "/app/organizations/new" },
  { name: "integrations", signedIn: true, path: () => "/app/organization/integrations" },
  { name: "audit", signedIn: true, path: () => "/app/audit" },
  { name: "settings", signedIn: true, path: () => "/app/settings" },
  {
    // The navigation: the sidebar at 1280 px, the opened menu at 375 px.
    name: "menu",
    signedIn: true,
    path: () => "/app/settings",
    act: async (page, width) => {
      if (width >= 1024) return;
      await page.getByRole("button", { name: "Open menu" }).click();
      await expect(page.locator("#mobile-nav")).toBeVisible();
    },
  },
  {
    name: "new-task-form",
    signedIn: true,
    path: () => "/app/tasks",
    ready: (page) => page.getByRole("link", { name: "Draft the sitemap" }).filter({ visible: true }),
    act: async (page) => {
      await page.getByRole("button", { name: "New task" }).click();
      await expect(page.getByRole("button", { name: "Create task" })).toBeVisible();
    },
  },
  { name: "notifications", signedIn: true, path: () => "/app/notifications" },
  { name: "billing", signedIn: true, path: () => "/app/billing", ready: (page) => page.getByText("Northwind Traders").first() },
  {
    name: "billing-client",
    signedIn: true,
    path: (seed) => `/app/billing/clients/${seed.clientId}`,
    ready: (page) => page.getByText("Care plan").first(),
  },
  {
    name: "invoice",
    signedIn: true,
    path: (seed) => `/app/billing/invoices/${seed.invoiceId}`,
    ready: (page) => page.getByText("Launch sprint").first(),
  },
  { name: "billing-stripe", signedIn: true, path: () => "/app/billing/stripe" },
  { name: "revenue", signedIn: true, path: () => "/app/revenue" },
  { name: "assistant", signedIn: true, path: () => "/app/assistant" },
  { name: "assistant-usage", signedIn: true, path: () => "/app/assistant/usage" },
];

const WIDTHS = [1280, 375] as const;
/** axe's rules off by default that the audit ran too (a visible label the accessible name must contain). */
const EXTRA_RULES = { "label-content-name-mismatch": { enabled: true } };

type AxeResults = Awaited<ReturnType<AxeBuilder["analyze"]>>;
type Violation = AxeResults["violations"][number];

/** One block per rule: impact, rule id, what it wants, and each offending element with axe's summary. */
function describeViolations(violations: Violation[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .map((node) => {
          const summary = (node.failureSummary ?? "").split("\n").map((line) => `        ${line}`).join("\n");
          return `    ${node.target.join(" ")}\n      ${node.html.slice(0, 200)}\n${summary}`;
        })
        .join("\n");
      return `  [${violation.impact}] ${violation.id}: ${violation.help}\n  ${violation.helpUrl}\n${nodes}`;
    })
    .join("\n\n");
}

/** Nothing still loading: no skeletons, spinners of a loading route or busy regions. */
async function expectSettled(page: Page) {
  await expect(page.locator('[data-testid$="-loading"], .animate-pulse, [aria-busy="true"]')).toHaveCount(0);
}

let seed: SeededWorkspace;

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(120_000);
  seed = await seedWorkspace(browser);
});

test.describe("accessibility: axe-core on every page", () => {
  for (const entry of PAGES) {
    for (const width of WIDTHS) {
      test(`${entry.name} at ${width}px has no serious or critical violation`, async ({ browser }) => {
        const context = await newContext(browser, width, entry.signedIn ? seed.storageState : undefined);
        try {
          const page = await context.newPage();
          await page.goto(entry.path(seed));
          if (entry.signedIn) await expect(page, "still signed in").toHaveURL(/\/app/);
          await expect((entry.ready ?? ((p: Page) => p.locator("h1").first()))(page, seed)).toBeVisible();
          await expectSettled(page);
          await entry.act?.(page, width);
          await saveScreenshot(page, `a11y-${entry.name}-${width}`);

          const results = await new AxeBuilder({ page }).options({ rules: EXTRA_RULES }).analyze();
          const blocking = results.violations.filter(
            (violation) => violation.impact === "serious" || violation.impact === "critical",
          );
          const lesser = results.violations.filter((violation) => !blocking.includes(violation));
          // Moderate and minor findings do not fail the run; they are printed to be fixed too.
          if (lesser.length) console.log(`${entry.name} at ${width}px, moderate/minor:\n${describeViolations(lesser)}`);
          expect(
            blocking.length,
            `${entry.name} (${entry.path(seed)}) at ${width}px: ${blocking.length} serious/critical axe violation(s)\n${describeViolations(blocking)}`,
          ).toBe(0);
        } finally {
          await context.close();
        }
      });
    }
  }
});
