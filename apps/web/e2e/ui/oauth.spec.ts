import { expect, test } from "@playwright/test";

// The E2E stack runs a local OpenID Connect provider (scripts/oidc-mock.ts) and turns on the
// web app's generic OIDC provider: this is next-auth's real OAuth code path, offline.
const SSO_NAME = "Sam Single-Sign-On";

test.describe("single sign-on (OpenID Connect)", () => {
  test("creates the account on first sign-in and returns to the same account later", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Continue with Single sign-on" }).click();
    await expect(page).toHaveURL(/\/app$/);
    await expect(page.getByTestId("signed-in-user")).toHaveText(SSO_NAME);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.getByRole("button", { name: "Continue with Single sign-on" }).click();
    await expect(page).toHaveURL(/\/app$/);
    await expect(page.getByTestId("signed-in-user")).toHaveText(SSO_NAME);
    await page.goto("/app/settings");
    await expect(page.getByTestId("sessions-list").getByRole("listitem")).toHaveCount(1);
  });
});
