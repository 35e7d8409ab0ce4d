import { expect, test } from "@playwright/test";
import { createAccount } from "../support/accounts";
import { createOrganization } from "../support/organizations";
import { saveScreenshot } from "../support/screenshots";
import { apiKeyQuery } from "../support/stack";

test.describe("API keys in the organization settings", () => {
  test("create a key, see its secret once, call the API with it, revoke it", async ({ page, context }) => {
    test.setTimeout(90_000);
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await createAccount(page, "Kim Keymaker");
    await createOrganization(page, "Keyed Agency");
    const card = page.locator("section").filter({ has: page.getByRole("heading", { name: "API keys", exact: true }) });
    await expect(card.getByTestId("api-keys-empty")).toBeVisible();

    // Nothing chosen: the form says what is missing, nothing is created.
    await card.getByRole("button", { name: "Create API key" }).click();
    await expect(card.getByRole("alert")).toContainText("Name must be at least 2 characters");
    await card.getByLabel("Name", { exact: true }).fill("Reporting script");
    await card.getByRole("button", { name: "Create API key" }).click();
    await expect(card.getByRole("alert")).toContainText("Choose at least one scope");

    await card.getByRole("checkbox", { name: "task:read" }).check();
    await card.getByRole("checkbox", { name: "project:read" }).check();
    await card.getByLabel("Expires").selectOption({ label: "In 30 days" });
    await card.getByRole("button", { name: "Create API key" }).click();

    const panel = card.getByTestId("api-key-secret-panel");
    await expect(panel).toContainText("this is the only time it is shown");
    const secret = await panel.getByTestId("api-key-secret").inputValue();
    expect(secret).toMatch(/^aos_live_[0-9A-Za-z]{61}$/);
    await panel.getByRole("button", { name: "Copy" }).click();
    await expect(panel.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    const row = card.getByTestId("api-key-row").filter({ hasText: "Reporting script" });
    await expect(row).toContainText("active");
    await expect(row.getByTestId("api-key-prefix")).toHaveText(`${secret.slice(0, 21)}…`);
    await expect(row).toContainText("task:read");
    await expect(row).toContainText("last used never");
    await saveScreenshot(page, "api-keys-created-1280");
    await page.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(page, "api-keys-created-375");
    await page.setViewportSize({ width: 1280, height: 900 });

    // Gone once dismissed: the secret is never shown again, the list has only the prefix.
    await panel.getByRole("button", { name: "Done" }).click();
    await expect(card.getByTestId("api-key-secret-panel")).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId("api-keys-list")).toBeVisible();
    expect(await page.content()).not.toContain(secret);

    // The key works from outside the browser, in its own organization only.
    const tasks = await apiKeyQuery<{ items: unknown[] }>(secret, "tasks.list", {});
    expect(tasks.status, JSON.stringify(tasks.error)).toBe(200);
    expect(tasks.data?.items).toEqual([]);
    const write = await apiKeyQuery(secret, "members.list", {});
    expect(write.status).toBe(403);
    await page.reload();
    await expect(page.getByTestId("api-key-row").filter({ hasText: "Reporting script" })).not.toContainText(
      "last used never",
    );

    // Revoke, with confirmation; the same call is refused from then on.
    await page.getByRole("button", { name: "Revoke Reporting script" }).click();
    await saveScreenshot(page, "api-keys-confirm-revoke-1280");
    await page.getByRole("button", { name: "Confirm revoke" }).click();
    await expect(page.getByTestId("api-key-row").filter({ hasText: "Reporting script" })).toContainText("revoked");
    const refused = await apiKeyQuery(secret, "tasks.list", {});
    expect(refused.status).toBe(401);
    await saveScreenshot(page, "api-keys-revoked-1280");
  });

  test("rotate shows a new secret; both work during the overlap", async ({ page }) => {
    await createAccount(page, "Rui Rotator");
    await createOrganization(page, "Rotating Agency");
    const card = page.locator("section").filter({ has: page.getByRole("heading", { name: "API keys", exact: true }) });
    await card.getByLabel("Name", { exact: true }).fill("Zapier");
    await card.getByRole("checkbox", { name: "task:read" }).check();
    await card.getByRole("button", { name: "Create API key" }).click();
    const old = await card.getByTestId("api-key-secret").inputValue();
    await card.getByRole("button", { name: "Done" }).click();

    await page.getByRole("button", { name: "Rotate Zapier" }).click();
    await page.getByRole("button", { name: /Confirm rotate/ }).click();
    await expect(card.getByTestId("api-key-secret-panel")).toContainText("New secret for “Zapier”");
    const fresh = await card.getByTestId("api-key-secret").inputValue();
    expect(fresh).not.toBe(old);
    await expect(card.getByTestId("api-key-row").filter({ hasText: "Zapier" })).toContainText(
      "previous secret works until",
    );
    expect((await apiKeyQuery(old, "tasks.list", {})).status).toBe(200);
    expect((await apiKeyQuery(fresh, "tasks.list", {})).status).toBe(200);
  });
});
