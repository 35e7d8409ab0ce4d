import { expect, test, type Page } from "@playwright/test";
import { createAccount } from "../support/accounts";
import { apiMutation, orgIdByName } from "../support/api";
import { monthFromNow, seedRetainer, withStackDatabase } from "../support/database";
import { createOrganization } from "../support/organizations";
import { saveScreenshot } from "../support/screenshots";

const monthKey = (offset: number) => monthFromNow(offset).toISOString().slice(0, 7);

async function expectNoHorizontalOverflow(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `horizontal overflow at 375 px on ${what}`).toBeLessThanOrEqual(0);
}

/**
 * Four months of retainer history, written as back-dated versions (the billing contract's valid
 * time: effective_at in the past, recorded now), read back on the revenue dashboard:
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

  await withStackDatabase(async (db) => {
    await seedRetainer(db, {
      orgId,
      clientId: northwind,
      name: "Northwind care",
      versions: [
        { unitAmount: 100_000, startsAt: monthFromNow(-3), effectiveAt: monthFromNow(-3) },
        { unitAmount: 150_000, startsAt: monthFromNow(-3), effectiveAt: monthFromNow(-1, 10) },
      ],
    });
    await seedRetainer(db, {
      orgId,
      clientId: initech,
      name: "Initech SEO",
      versions: [
        { unitAmount: 50_000, startsAt: monthFromNow(-3), endsAt: monthFromNow(-2), effectiveAt: monthFromNow(-3) },
      ],
    });
    await seedRetainer(db, {
      orgId,
      clientId: initech,
      name: "Initech SEO (again)",
      versions: [{ unitAmount: 70_000, startsAt: monthFromNow(0), effectiveAt: monthFromNow(0) }],
    });
    await seedRetainer(db, {
      orgId,
      clientId: umbrella,
      name: "Umbrella annual",
      versions: [
        { unitAmount: 240_000, interval: "year", startsAt: monthFromNow(-2, 5), effectiveAt: monthFromNow(-2, 5) },
        // Cancelled at period end, recorded later: service ends on the 1st of this month.
        {
          unitAmount: 240_000,
          interval: "year",
          startsAt: monthFromNow(-2, 5),
          endsAt: monthFromNow(0),
          effectiveAt: monthFromNow(-1, 20),
        },
      ],
    });
    // $1,200 invoiced against the $1,000 project budget, $300 more on a draft.
    const invoice = async (amount: number, issue: boolean) => {
      const created = await db.query<{ id: string }>(
        `INSERT INTO invoices (id, org_id, client_id, currency, subtotal, total, updated_at)
         VALUES (gen_random_uuid(), $1, $2, 'USD', $3, $3, now()) RETURNING id`,
        [orgId, northwind, amount],
      );
      const invoiceId = created.rows[0]!.id;
      await db.query(
        `INSERT INTO invoice_lines (id, org_id, invoice_id, position, description, quantity, unit_amount, amount, project_id)
         VALUES (gen_random_uuid(), $1, $2, 0, 'Design work', 1, $3, $3, $4)`,
        [orgId, invoiceId, amount, project.id],
      );
      if (issue) {
        await db.query(`UPDATE invoices SET status = 'open', number = $2, issued_at = now() WHERE id = $1`, [
          invoiceId,
          `INV-${crypto.randomUUID().slice(0, 8)}`,
        ]);
      }
    };
    await invoice(120_000, true);
    await invoice(30_000, false);
  });

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
  await page.getByRole("link", { name: "Northwind site" }).click();
  await expect(page.getByTestId("project-over-budget")).toHaveText("⚠ Over budget by $200.00");

  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto("/app/revenue");
  await expect(page.getByTestId("metric-mrr-value")).toHaveText("$2,200.00");
  await expect(cell(0, "end")).toHaveText("$2,200.00");
  await expectNoHorizontalOverflow(page, "the revenue dashboard");
  await saveScreenshot(page, "revenue-375");
});
