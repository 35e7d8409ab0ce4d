import { expect, test } from "@playwright/test";
import { createAccount, PASSWORD, signIn, uniqueEmail } from "../support/accounts";
import { DEVICE_COOKIE, expectDeviceCookie } from "../support/device-cookie";
import { newestEmailLink, subjectsOfEmailsTo } from "../support/outbox";
import { saveScreenshot } from "../support/screenshots";

const NEW_PASSWORD = "saffron-heron-lantern-58";

test.describe("forgotten password", () => {
  test("forgot → reset: the old password is refused, the new one works, every other browser is signed out", async ({ page, browser }) => {
    test.setTimeout(60_000);
    const { email, name } = await createAccount(page, "Rosa Reset");
    // Another browser, signed in too.
    const otherContext = await browser.newContext();
    const other = await otherContext.newPage();
    await signIn(other, email);
    await expect(other).toHaveURL(/\/app$/);

    // This one signs out and forgot the password.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.context().clearCookies({ name: DEVICE_COOKIE });
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    await saveScreenshot(page, "forgot-password-1280");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Email").press("Enter");
    await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
    await expect(page.getByTestId("check-inbox-email")).toHaveText(email);
    await saveScreenshot(page, "forgot-password-sent-1280");

    const link = await newestEmailLink(page, email, "/reset-password/");
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
    // The shared policy, and the confirmation, inline with focus on the problem.
    await page.getByLabel("New password", { exact: true }).fill("password123");
    await page.getByLabel("Confirm new password").fill("password123");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByText("This password is too common; choose another")).toBeVisible();
    await expect(page.getByLabel("New password", { exact: true })).toBeFocused();
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Confirm new password").fill(`${NEW_PASSWORD}x`);
    await page.getByLabel("Confirm new password").press("Enter");
    await expect(page.getByText("The two passwords do not match")).toBeVisible();
    await expect(page.getByLabel("Confirm new password")).toBeFocused();
    await saveScreenshot(page, "reset-password-errors-1280");
    await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByRole("heading", { name: "Password changed" })).toBeVisible();
    await expect(page.getByTestId("password-reset-done")).toContainText("Every device that was signed in to your account has been signed out");
    await saveScreenshot(page, "reset-password-done-1280");
    await page.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(page, "reset-password-done-375");
    await page.setViewportSize({ width: 1280, height: 720 });
    // The browser that reset keeps a device cookie.
    await expectDeviceCookie(page.context());

    // The other browser was signed out.
    await other.goto("/app");
    await expect(other).toHaveURL(/\/sign-in\?reason=signed-out/);
    await otherContext.close();

    // Old password refused, new one works.
    await page.getByRole("link", { name: "Sign in" }).click();
    await signIn(page, email, PASSWORD);
    await expect(page.locator("#form-error")).toHaveText("Email or password is incorrect.");
    await signIn(page, email, NEW_PASSWORD);
    await expect(page).toHaveURL(/\/app$/);
    await expect(page.getByTestId("signed-in-user")).toHaveText(name);

    // The link worked once.
    await page.goto(link);
    await page.getByLabel("New password", { exact: true }).fill("another-fresh-password-3");
    await page.getByLabel("Confirm new password").fill("another-fresh-password-3");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByRole("heading", { name: "This link can't be used" })).toBeVisible();
    await expect(page.locator("#form-error")).toContainText("invalid, expired or already used");
    await saveScreenshot(page, "reset-password-used-1280");
    await expect(page.getByRole("link", { name: "Ask for a new link" })).toHaveAttribute("href", "/forgot-password");
  });

  test("an unknown email gets the same answer, and nothing is sent", async ({ page }) => {
    const email = uniqueEmail("nobody");
    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
    await expect(page.getByTestId("check-inbox-email")).toHaveText(email);
    expect(await subjectsOfEmailsTo(page, email)).toEqual([]);

    await page.goto("/forgot-password");
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByText("Enter a valid email address")).toBeVisible();
    await expect(page.getByLabel("Email")).toBeFocused();
  });
});
