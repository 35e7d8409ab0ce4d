import { expect, test } from "@playwright/test";
import { PASSWORD, createAccount, signIn } from "../support/accounts";
import { saveScreenshot } from "../support/screenshots";

test.describe("accounts and sessions", () => {
  test("sign-up explains the password policy with the shared schema's message", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto("/sign-up");
    await page.getByLabel("Your name").fill("Weak Password");
    await page.getByLabel("Email").fill("weak@e2e.test");
    await page.getByLabel("Password").fill("password123");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("This password is too common; choose another")).toBeVisible();
    await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
    await saveScreenshot(page, "sign-up-validation-375");
  });

  test("the sign-in form: keyboard only, errors focused, a link to reset the password", async ({ page }) => {
    await page.goto("/sign-in");
    await saveScreenshot(page, "sign-in-1280");
    await page.getByLabel("Email").focus();
    await page.keyboard.type("not-an-email");
    await page.keyboard.press("Enter");
    await expect(page.getByText("Enter a valid email address")).toBeVisible();
    await expect(page.getByLabel("Email")).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Password")).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Forgot your password?" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/forgot-password$/);
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto("/sign-in");
    await saveScreenshot(page, "sign-in-375");
  });

  test("sign in, sign out, and sign back in; a wrong password gets one generic message", async ({ page }) => {
    const { email } = await createAccount(page, "Ada Lovelace");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/app");
    await expect(page).toHaveURL(/\/sign-in/);

    await signIn(page, email, "not-the-right-password");
    await expect(page.locator("#form-error")).toHaveText("Email or password is incorrect.");
    await signIn(page, email, PASSWORD);
    await expect(page).toHaveURL(/\/app$/);
    await expect(page.getByTestId("signed-in-user")).toHaveText("Ada Lovelace");
  });

  test("sign out everywhere ends another browser's session at once", async ({ page, browser }) => {
    const { email } = await createAccount(page, "Grace Hopper");
    const otherContext = await browser.newContext();
    const other = await otherContext.newPage();
    await signIn(other, email);
    await expect(other).toHaveURL(/\/app$/);

    await page.goto("/app/settings");
    await expect(page.getByTestId("sessions-list").getByRole("listitem")).toHaveCount(2);
    await saveScreenshot(page, "account-settings-1280");
    // Nothing happens before a confirmation; Escape backs out (focus back on the button), Enter confirms.
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    const confirm = page.getByRole("group", { name: "Confirm signing out everywhere" });
    await expect(confirm.getByRole("button", { name: "Yes, sign out everywhere" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(confirm).toBeHidden();
    await expect(page.getByRole("button", { name: "Sign out everywhere" })).toBeFocused();
    await expect(page.getByTestId("sessions-list").getByRole("listitem")).toHaveCount(2);
    await page.keyboard.press("Enter");
    await expect(confirm).toBeVisible();
    await page.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(page, "account-sign-out-everywhere-375");
    await expect(confirm.getByRole("button", { name: "Yes, sign out everywhere" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/sign-in\?reason=signed-out/);

    await other.goto("/app");
    await expect(other).toHaveURL(/\/sign-in\?reason=signed-out/);
    await expect(other.getByRole("status")).toContainText("Your session ended");
    await otherContext.close();
  });

  test("changing the password signs out other devices and keeps this one", async ({ page, browser }) => {
    const { email } = await createAccount(page, "Hedy Lamarr");
    const otherContext = await browser.newContext();
    const other = await otherContext.newPage();
    await signIn(other, email);
    await expect(other).toHaveURL(/\/app$/);

    await page.goto("/app/settings");
    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByLabel("New password").fill("amber-walrus-piano-77");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Password changed" })).toContainText("1 other session(s) signed out");

    await other.goto("/app");
    await expect(other).toHaveURL(/\/sign-in/);
    await page.goto("/app");
    await expect(page.getByTestId("signed-in-user")).toHaveText("Hedy Lamarr");

    // The profile name can be changed, and the top bar follows.
    await page.goto("/app/settings");
    await expect(page.getByTestId("account-email")).toHaveText(email);
    await page.getByLabel("Name").fill("Hedy Kiesler");
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByTestId("signed-in-user")).toHaveText("Hedy Kiesler");
    await otherContext.close();
  });
});
