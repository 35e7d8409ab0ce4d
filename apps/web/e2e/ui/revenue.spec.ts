import { expect, test, type Page } from "@playwright/test";
import { createAccount } from "../support/accounts";
import { apiMutation, orgIdByName } from "../support/api";
import { createOrganization } from "../support/organizations";
import { saveScreenshot } from "../support/screenshots";

/** The first instant (UTC) of the month `offset` months from now, on `day`. */
function monthFromNow(offset: number, day = 1): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, day));
}
const monthKey = (offset: number) => monthFromNow(offset).toISOString().slice(0, 7);

async function expectNoHorizontalOverflow(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `horizontal overflow at 375 px on ${what}`).toBeLessThanOrEqual(0);
}

/**
 * Four months of retainer history, entered through the billing API as of now with past starts and
 * a back-dated change (valid time in the past, recorded now), read back on the revenue dashboard:
 *   month −3: Northwind $1,000/mo and Initech $500/mo start           → new $1,500, MRR $1,500
 *   month −2: Umbrella $2,400/yr starts ($200 MRR); Initech ends       → new $200, churn $500, MRR $1,200
 *   month −1: Northwind upgraded to $1,500 on the 10th (back-dated)    → expansion $500, MRR $1,700
 *   month  0: Umbrella's service ends on the 1st; Initech comes back at $700 → churn $200, reactivation $700, MRR $2,200
 */
test("revenue dashboard: MRR, movements and per-client figures from a back-dated retainer history", async ({
  page,
}) => {
  await createAccount(page, "Rita Revenue");
  const orgName = `Revenue ${crypto.randomUUID().slice(0, 6)}`;
  await createOrganization(page, orgName);
  const orgId = await orgIdByName(page, orgName);

  // Before any retainer: the empty state says how to start.
  await page.goto("/app/revenue");
  await expect(page.getByRole("heading", { name: "No recurring revenue yet" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to Billing" })).toBeVisible();

  const client = async (name: string) =>
    (await apiMutation<{ id: string }>(page, "clients.create", { orgId, name })).id;
  const northwind = await client("Northwind");
  const initech = await client("Initech");
  const umbrella = await client("Umbrella");
  const project = await apiMutation<{ id: string }>(page, "projects.create", {
    orgId,
    clientId: northwind,
    name: "Northwind site",
    budgetMinor: 100_000,
    currency: "USD",
  });

  // The history through the billing API: retainers created with a past start (their first version
  // is effective then) and a back-dated change of terms.
  type Retainer = { id: string; version: number };
  const retainer = (input: Record<string, unknown>) =>
    apiMutation<Retainer>(page, "retainers.create", { orgId, currency: "USD", ...input });
  const iso = (date: Date) => date.toISOString();
  const care = await retainer({
    clientId: northwind,
    name: "Northwind care",
    unitAmount: 100_000,
    startsAt: iso(monthFromNow(-3)),
  });
  await apiMutation(page, "retainers.change", {
    orgId,
    retainerId: care.id,
    expectedVersion: care.version,
    effectiveAt: iso(monthFromNow(-1, 10)),
    unitAmount: 150_000,
    reason: "Upgrade agreed on the 10th, recorded late",
  });
  await retainer({
    clientId: initech,
    name: "Initech SEO",
    unitAmount: 50_000,
    startsAt: iso(monthFromNow(-3)),
    endsAt: iso(monthFromNow(-2)),
  });
  await retainer({
    clientId: initech,
    name: "Initech SEO (again)",
    unitAmount: 70_000,
    startsAt: iso(monthFromNow(0)),
  });
  await retainer({
    clientId: umbrella,
    name: "Umbrella annual",
    unitAmount: 240_000,
    interval: "year",
    startsAt: iso(monthFromNow(-2, 5)),
    endsAt: iso(monthFromNow(0)),
  });
  // $1,200 invoiced against the $1,000 project budget, $300 more on a draft; Initech paid $700.
  const invoice = (clientId: string, amount: number, projectId: string | null) =>
    apiMutation<{ id: string }>(page, "invoices.create", {
      orgId,
      clientId,
      currency: "USD",
      lines: [{ description: "Work", quantity: 1, unitAmount: amount, projectId }],
    });
  const issued = await invoice(northwind, 120_000, project.id);
  await apiMutation(page, "invoices.issue", { orgId, invoiceId: issued.id });
  await invoice(northwind, 30_000, project.id);
  const paid = await invoice(initech, 70_000, null);
  await apiMutation(page, "invoices.issue", { orgId, invoiceId: paid.id });
  await apiMutation(page, "invoices.markPaid", { orgId, invoiceId: paid.id, reference: "BANK-1" });

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/app/revenue");
  await expect(page.getByTestId("metric-mrr-value")).toHaveText("$2,200.00");
  await expect(page.getByTestId("metric-mrr")).toContainText("+$500.00 vs");
  await expect(page.getByTestId("metric-arr-value")).toHaveText("$26,400.00");
  await expect(page.getByTestId("metric-arpa-value")).toHaveText("$1,100.00");
  await expect(page.getByTestId("revenue-rates-note")).toContainText("All amounts in USD");

  const month = (offset: number) => page.locator(`[data-testid="movement-row"][data-month="${monthKey(offset)}"]`);
  const cell = (offset: number, column: string) => month(offset).locator(`[data-col="${column}"]`);
  await expect(cell(-3, "new")).toHaveText("$1,500.00");
  await expect(cell(-3, "end")).toHaveText("$1,500.00");
  await expect(cell(-2, "new")).toHaveText("$200.00");
  await expect(cell(-2, "churn")).toHaveText("−$500.00");
  await expect(cell(-2, "end")).toHaveText("$1,200.00");
  await expect(cell(-1, "expansion")).toHaveText("$500.00");
  await expect(cell(-1, "end")).toHaveText("$1,700.00");
  await expect(cell(0, "reactivation")).toHaveText("$700.00");
  await expect(cell(0, "churn")).toHaveText("−$200.00");
  await expect(cell(0, "end")).toHaveText("$2,200.00");
  await expect(page.getByTestId("revenue-chart").locator("svg").first()).toBeVisible();

  const clientRow = (name: string) => page.locator(`[data-testid="client-revenue-row"][data-client="${name}"]`);
  await expect(clientRow("Northwind").locator('[data-col="mrr"]')).toHaveText("$1,500.00");
  await expect(clientRow("Northwind").locator('[data-col="outstanding"]')).toHaveText("$1,200.00");
  await expect(clientRow("Initech").locator('[data-col="change"]')).toContainText("+$700.00");
  await expect(clientRow("Initech").locator('[data-col="change"]')).toContainText("reactivation");
  await expect(clientRow("Initech").locator('[data-col="last-payment"]')).toContainText("$700.00");
  await expect(clientRow("Umbrella").locator('[data-col="mrr"]')).toHaveText("$0.00");
  await expect(clientRow("Umbrella").locator('[data-col="change"]')).toContainText("churned");

  // Sorting by client name (keyboard: the header is a button).
  await page.getByRole("button", { name: /^Client/ }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("client-revenue-row").first()).toHaveAttribute("data-client", "Initech");

  // CSV export of the movement table.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).first().click();
  const csv = await (await download).createReadStream();
  const text = await new Promise<string>((resolve) => {
    let body = "";
    csv.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    csv.on("end", () => resolve(body));
  });
  expect(text).toContain(`${monthKey(0)},USD,1700.00,0.00,0.00,700.00,0.00,200.00,2200.00,0.00,2`);
  await saveScreenshot(page, "revenue-1280");

  // Budget vs invoiced on the projects list and the project page.
  await page.goto("/app/projects");
  await expect(page.getByTestId("project-budget-usage")).toContainText("Invoiced $1,200.00 of $1,000.00");
  await expect(page.getByTestId("project-budget-usage")).toContainText("$300.00 uninvoiced");
  await expect(page.getByTestId("project-over-budget")).toHaveText("⚠ Over budget by $200.00");
  await saveScreenshot(page, "revenue-project-budgets-1280");
  await page.getByRole("link", { name: "Northwind site" }).click();
  await expect(page.getByTestId("project-over-budget")).toHaveText("⚠ Over budget by $200.00");

  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto("/app/revenue");
  await expect(page.getByTestId("metric-mrr-value")).toHaveText("$2,200.00");
  await expect(cell(0, "end")).toHaveText("$2,200.00");
  await expectNoHorizontalOverflow(page, "the revenue dashboard");
  await saveScreenshot(page, "revenue-375");
});
