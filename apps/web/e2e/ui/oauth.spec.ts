import { expect, test } from "@playwright/test";
import { confirmEmail, submitSignUp } from "../support/accounts";
import { saveScreenshot } from "../support/screenshots";

// The E2E stack runs a local OpenID Connect provider (scripts/oidc-mock.ts) and turns on the
// web app's generic OIDC provider: this is next-auth's real OAuth code path, offline. Every
// sign-in there is the same provider-verified identity, so this spec needs a fresh stack
// (as CI always starts): it first creates that email's account by password, unconfirmed.
const SSO_EMAIL = "sso-user@e2e.test";
const SSO_NAME = "Sam Single-Sign-On";

test.describe("single sign-on (OpenID Connect)", () => {
  test("is refused, with the API's explanation, for an unconfirmed account with its email; links once confirmed; signs in again later", async ({
    page,
  }) => {
    await submitSignUp(page, { name: SSO_NAME, email: SSO_EMAIL });

    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Continue with Single sign-on" }).click();
    await expect(page).toHaveURL(/\/sign-in\?error=OAuthRefused$/);
    await expect(page.getByRole("status")).toHaveText(
      "An account with this email exists but has not confirmed its email address yet. Sign in with its password and confirm the email (or reset the password), then use single sign-on.",
    );
    await saveScreenshot(page, "sign-in-oauth-refused-1280");
    await page.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(page, "sign-in-oauth-refused-375");
    await page.setViewportSize({ width: 1280, height: 720 });

    // Text in the URL is never shown as a message (no content spoofing on our origin).
    await page.goto(`/sign-in?error=${encodeURIComponent("Call +1 555 0100 to unlock your account")}`);
    await expect(page.getByRole("status")).toHaveText("Sign-in with that provider failed. Try again.");

    // Once the owner confirmed the email, the provider identity is linked to the account.
    await confirmEmail(page, SSO_EMAIL);
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
