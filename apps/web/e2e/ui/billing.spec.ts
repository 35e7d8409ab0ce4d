import { expect, test, type Page } from "@playwright/test";
import { createAccount, uniqueEmail } from "../support/accounts";
import { apiMutation, apiMutationStatus, orgIdByName } from "../support/api";
import { createOrganization, inviteAndAccept } from "../support/organizations";
import { saveScreenshot } from "../support/screenshots";

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });

async function expectNoHorizontalOverflow(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `horizontal overflow at 375 px on ${what}`).toBeLessThanOrEqual(0);
}

test.describe("billing", () => {
  test("an owner creates a retainer, invoices its period, records a bank transfer: the balance goes to zero and the invoice is paid", async ({ page }) => {
    test.setTimeout(240_000);
    await createAccount(page, "Olivia Owner");
    await createOrganization(page, "Ledger & Co");
    const orgId = await orgIdByName(page, "Ledger & Co");
    const client = await apiMutation<{ id: string }>(page, "clients.create", { orgId, name: "Acme Rockets" });

    // The overview: Stripe not connected (manual mode), nothing owed, no invoices.
    await nav(page).getByRole("link", { name: "Billing" }).click();
    await expect(page).toHaveURL(/\/app\/billing$/);
    await expect(page.getByTestId("stripe-not-connected")).toContainText("Stripe not connected");
    await expect(page.getByTestId("nothing-owed")).toBeVisible();
    await expect(page.getByRole("heading", { name: "No invoices yet" })).toBeVisible();
    await saveScreenshot(page, "billing-overview-empty-1280");

    // Pick the client (keyboard: select, then Enter on the button).
    await page.getByLabel("Client", { exact: true }).selectOption({ label: "Acme Rockets" });
    await page.getByRole("button", { name: "Open billing" }).click();
    await expect(page).toHaveURL(new RegExp(`/app/billing/clients/${client.id}$`));
    await expect(page.getByRole("heading", { name: "Acme Rockets" })).toBeVisible();

    // A monthly retainer of $2,500.00; a bad price first (a clear message, nothing sent).
    await page.getByRole("button", { name: "New retainer" }).click();
    const form = page.getByRole("form", { name: "New retainer" });
    await form.getByLabel("Name").fill("Growth retainer");
    await form.getByLabel("Price per unit (USD)").fill("12.345");
    await form.getByRole("button", { name: "Create retainer" }).click();
    await expect(form.getByText("Enter a price in USD")).toBeVisible();
    await expect(form.getByLabel("Price per unit (USD)")).toBeFocused();
    await form.getByLabel("Price per unit (USD)").fill("2500.00");
    await form.getByLabel("Price per unit (USD)").press("Enter");
    const retainer = page.getByTestId("retainer-item").filter({ hasText: "Growth retainer" });
    await expect(retainer).toContainText("1 × $2,500.00 per month");
    await expect(retainer).toContainText("Active");

    // Changing the quantity explains the proration before anything is saved.
    await retainer.getByRole("button", { name: "Change price or quantity" }).click();
    await retainer.getByLabel("Quantity").fill("2");
    await expect(retainer.getByTestId("proration-preview")).toContainText("Proration for the rest of this period");
    await expect(retainer.getByTestId("proration-preview")).toContainText("Unused time on the old terms");
    await saveScreenshot(page, "billing-client-proration-1280");
    await retainer.getByRole("button", { name: "Cancel", exact: true }).click();

    // Invoice this period: issued, and the client owes it.
    await retainer.getByRole("button", { name: "Invoice this period" }).click();
    await expect(retainer.getByText(/Invoice INV-000001 covers this period — \$2,500\.00, open/)).toBeVisible();
    await expect(page.getByTestId("balance-USD")).toHaveText("$2,500.00");
    const row = page.getByTestId("invoice-row").filter({ hasText: "INV-000001" });
    await expect(row).toContainText("Open");
    await saveScreenshot(page, "billing-client-1280");

    // The invoice: mark it paid by bank transfer.
    await row.click();
    await expect(page.getByTestId("invoice-number")).toHaveText("INV-000001");
    await expect(page.getByTestId("invoice-status")).toHaveText("Open");
    await expect(page.getByTestId("invoice-amount-due")).toHaveText("$2,500.00");
    await page.getByRole("button", { name: "Mark as paid" }).click();
    const payment = page.getByRole("form", { name: "Record a bank transfer" });
    await expect(payment.getByLabel("Amount received (USD)")).toHaveValue("2500.00");
    await payment.getByLabel("Bank reference").fill("BANK-REF-0001");
    await payment.getByRole("button", { name: "Record bank transfer" }).click();
    await expect(page.getByText("Payment recorded.")).toBeVisible();
    await expect(page.getByTestId("invoice-status")).toHaveText("Paid");
    await expect(page.getByTestId("invoice-amount-due")).toHaveText("$0.00");
    await expect(page.getByTestId("invoice-payments")).toContainText("bank transfer · ref BANK-REF-0001");
    await saveScreenshot(page, "billing-invoice-paid-1280");

    // The client's balance is zero; the overview lists the invoice as paid and nobody owes anything.
    await page.getByRole("link", { name: "← Acme Rockets" }).click();
    await expect(page.getByTestId("balance-USD")).toHaveText("$0.00");
    await nav(page).getByRole("link", { name: "Billing" }).click();
    await expect(page.getByTestId("nothing-owed")).toBeVisible();
    await expect(page.getByTestId("invoice-row").filter({ hasText: "INV-000001" })).toContainText("Paid");
    // Status filter: only open invoices → none.
    await page.getByRole("group", { name: "Filter by status" }).getByRole("button", { name: "Open", exact: true }).click();
    await expect(page.getByRole("heading", { name: "No invoices with this status" })).toBeVisible();
    await page.getByRole("group", { name: "Filter by status" }).getByRole("button", { name: "Paid", exact: true }).click();
    await expect(page.getByTestId("invoice-row")).toHaveCount(1);
    await saveScreenshot(page, "billing-overview-1280");

    // Phone width: the same pages without sideways scrolling.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    await expect(page.getByTestId("invoice-row").first()).toBeVisible();
    await expectNoHorizontalOverflow(page, "the billing overview");
    await saveScreenshot(page, "billing-overview-375");
    await page.goto(`/app/billing/clients/${client.id}`);
    await expect(page.getByTestId("retainer-item")).toBeVisible();
    await expectNoHorizontalOverflow(page, "client billing");
    await saveScreenshot(page, "billing-client-375");
    await page.getByTestId("invoice-row").first().click();
    await expect(page.getByTestId("invoice-status")).toHaveText("Paid");
    await expectNoHorizontalOverflow(page, "the invoice");
    await saveScreenshot(page, "billing-invoice-375");
  });

  test("viewers and members see nothing of billing", async ({ page: owner, browser }) => {
    test.setTimeout(180_000);
    await createAccount(owner, "Oscar Owner");
    await createOrganization(owner, "Quiet Books");
    const orgId = await orgIdByName(owner, "Quiet Books");
    await expect(nav(owner).getByRole("link", { name: "Billing" })).toBeVisible();

    for (const role of ["viewer", "member"] as const) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const email = uniqueEmail(role);
      await createAccount(page, `Vera ${role}`, { email });
      await inviteAndAccept(owner, page, email, role);
      await page.goto("/app");
      await expect(nav(page).getByRole("link", { name: "Clients" })).toBeVisible();
      await expect(nav(page).getByRole("link", { name: "Billing" })).toHaveCount(0);
      await page.goto("/app/billing");
      await expect(page.getByTestId("billing-access-required")).toContainText("Billing is for owners and admins");
      await expect(page.getByTestId("invoice-list")).toHaveCount(0);
      if (role === "viewer") await saveScreenshot(page, "billing-viewer-1280");
      // The API refuses too (not only the UI).
      expect(await apiMutationStatus(page, "invoices.create", { orgId, clientId: crypto.randomUUID(), currency: "USD", lines: [{ description: "x", unitAmount: 1 }] })).toBe(403);
      await context.close();
    }
  });
});
