import { expect, test, type Page } from "@playwright/test";
import { createHmac, randomBytes } from "node:crypto";
import { createAccount } from "../support/accounts";
import { apiMutation, apiQuery, orgIdByName } from "../support/api";
import { createOrganization } from "../support/organizations";
import { saveScreenshot } from "../support/screenshots";

const apiUrl = process.env.E2E_API_URL!;
const fakeStripeUrl = process.env.E2E_STRIPE_URL!;
const stripeKey = process.env.E2E_STRIPE_KEY!;

/**
 * Stripe's `Stripe-Signature` (t=…,v1=HMAC-SHA256(secret, "<t>.<body>")), as the stripe SDK's
 * generateTestHeaderString builds it — the API tests use the SDK itself; this package has no
 * dependency on it.
 */
function stripeSignature(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)) {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${payload}`).digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

async function postStripeEvent(page: Page, orgId: string, secret: string, event: unknown) {
  const payload = JSON.stringify(event);
  return page.request.post(`${apiUrl}/webhooks/stripe/${orgId}`, {
    headers: { "content-type": "application/json", "stripe-signature": stripeSignature(payload, secret) },
    data: payload,
  });
}

interface Invoice {
  id: string;
  status: string;
  stripeInvoiceId: string | null;
  hostedUrl: string | null;
  total: number | string;
}

test.describe("billing: Stripe", () => {
  test("an owner connects (fake) Stripe, bills a retainer through it, and the signed invoice.paid marks it paid", async ({ page }) => {
    test.setTimeout(120_000);
    await createAccount(page, "Stella Stripe");
    await createOrganization(page, "Stripe Agency");
    const orgId = await orgIdByName(page, "Stripe Agency");
    const client = await apiMutation<{ id: string }>(page, "clients.create", { orgId, name: "Acme Retail" });

    // Without a key: billing shows a clear "not connected" state (manual mode) and the way to connect.
    await page.goto("/app/billing");
    await expect(page.getByTestId("stripe-not-connected")).toContainText("Stripe not connected");
    await page.getByRole("link", { name: "Connect Stripe" }).click();
    await expect(page.getByRole("heading", { name: "Stripe", level: 1 })).toBeVisible();
    await expect(page.getByText("Stripe is not connected")).toBeVisible();

    // A key the fake refuses is an error on the field, nothing stored.
    const form = page.getByRole("form", { name: "Connect Stripe" });
    await form.getByLabel("Restricted key").fill("rk_test_notarealkey000000000");
    await form.getByRole("button", { name: "Connect Stripe" }).click();
    await expect(form.getByRole("alert")).toContainText("Stripe refused the key");

    const webhookSecret = `whsec_${randomBytes(18).toString("hex")}`;
    await form.getByLabel("Restricted key").fill(stripeKey);
    await form.getByLabel("Webhook signing secret").fill(webhookSecret);
    await form.getByRole("button", { name: "Connect Stripe" }).click();
    const connection = page.getByTestId("stripe-connection");
    await expect(connection).toBeVisible();
    await expect(connection).toContainText("E2E Agency Stripe");
    await expect(connection).toContainText(stripeKey.slice(-4));
    await expect(connection).not.toContainText(stripeKey);
    await expect(page.getByTestId("stripe-webhook-url")).toHaveText(`${apiUrl}/webhooks/stripe/${orgId}`);
    await expect(page.getByText(`Set, ending in ${webhookSecret.slice(-4)}`)).toBeVisible();
    await saveScreenshot(page, "billing-stripe-connected");
    await page.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(page, "billing-stripe-connected-phone");
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.goto("/app/billing");
    await expect(page.getByTestId("stripe-connected-summary")).toContainText("Stripe connected: E2E Agency Stripe");

    // A retainer for the client and its first period's invoice; "Send payment link" finalizes it in
    // Stripe (a stripe.sync job on the worker) and the hosted invoice link appears.
    const retainer = await apiMutation<{ id: string }>(page, "retainers.create", {
      orgId,
      clientId: client.id,
      name: "Monthly care",
      currency: "USD",
      unitAmount: 250_000,
    });
    const invoice = await apiMutation<Invoice>(page, "invoices.generateForRetainer", { orgId, retainerId: retainer.id });
    await page.goto(`/app/billing/invoices/${invoice.id}`);
    await expect(page.getByTestId("invoice-status")).toHaveText("Open");
    await page.getByRole("button", { name: "Send payment link" }).click();
    await expect(page.getByRole("link", { name: /Open hosted invoice/ })).toHaveAttribute("href", /^https:\/\/invoice\.stripe\.test\//, { timeout: 30_000 });
    await saveScreenshot(page, "billing-stripe-invoice-link");
    const sent = await apiQuery<Invoice>(page, "invoices.get", { orgId, invoiceId: invoice.id });
    await page.goto(`/app/billing/clients/${client.id}`);
    await expect(page.getByTestId("balance-USD")).toHaveText("$2,500.00");

    // The client pays on Stripe's hosted page: the fake now holds it paid, and Stripe posts invoice.paid.
    const stripeInvoiceId = sent.stripeInvoiceId!;
    await page.request.post(`${fakeStripeUrl}/_fake/objects/${stripeInvoiceId}`, {
      data: { status: "paid", amount_paid: 250_000, payments: { object: "list", data: [{ payment: { type: "payment_intent", payment_intent: "pi_e2e_paid" } }] } },
    });
    const event = { id: `evt_e2e${randomBytes(8).toString("hex")}`, object: "event", type: "invoice.paid", livemode: false, created: Math.floor(Date.now() / 1000), data: { object: { id: stripeInvoiceId, object: "invoice" } } };
    const delivered = await postStripeEvent(page, orgId, webhookSecret, event);
    expect(delivered.status()).toBe(200);
    // A replay is acknowledged and changes nothing; a forged signature is refused.
    expect((await postStripeEvent(page, orgId, webhookSecret, event)).status()).toBe(200);
    expect((await postStripeEvent(page, orgId, "whsec_forged000000000000", event)).status()).toBe(400);

    // The event log shows the payment recorded; the invoice is paid and the client owes nothing.
    await page.goto("/app/billing/stripe");
    await expect(page.getByTestId("stripe-events")).toContainText("invoice.paid");
    await expect(page.getByTestId("stripe-events")).toContainText("payment recorded", { timeout: 30_000 });
    await saveScreenshot(page, "billing-stripe-event-applied");
    await page.goto(`/app/billing/invoices/${invoice.id}`);
    await expect(page.getByTestId("invoice-status")).toHaveText("Paid");
    await expect(page.getByTestId("invoice-amount-due")).toHaveText("$0.00");
    await page.goto(`/app/billing/clients/${client.id}`);
    await expect(page.getByTestId("balance-USD")).toHaveText("$0.00");
    await saveScreenshot(page, "billing-stripe-client-paid");
  });
});
