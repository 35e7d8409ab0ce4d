import { expect, test } from "@playwright/test";
import { confirmEmail, createAccount, PASSWORD, signIn, submitSignUp, uniqueEmail } from "../support/accounts";
import { newestEmailLink, openOutboxFor, subjectsOfEmailsTo } from "../support/outbox";
import { saveScreenshot } from "../support/screenshots";

test.describe("sign-up and email verification", () => {
  test("sign-up answers the same for a new and an existing email, signs nobody in, and mails each the right thing", async ({
    page,
    browser,
  }) => {
    const email = uniqueEmail("newcomer");
    await submitSignUp(page, { name: "Nora Newcomer", email });
    const firstAnswer = await page.getByTestId("check-inbox").innerText();
    await saveScreenshot(page, "sign-up-check-inbox-1280");
    await page.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(page, "sign-up-check-inbox-375");
    await page.setViewportSize({ width: 1280, height: 720 });
    // Nobody is signed in.
    await page.goto("/app");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);

    // The same address again, from another browser: word for word the same answer.
    const otherContext = await browser.newContext();
    const other = await otherContext.newPage();
    await submitSignUp(other, { name: "Someone Else", email, password: "another-long-passphrase-9" });
    expect(await other.getByTestId("check-inbox").innerText(), "new vs existing email").toBe(firstAnswer);
    await otherContext.close();

    // The mails differ: a confirmation link for the new account, a notice for the existing one.
    expect(await subjectsOfEmailsTo(page, email)).toEqual(["You already have an Agency OS account", "Confirm your email for Agency OS"]);
    const notice = (await openOutboxFor(page, email)).first();
    await expect(notice.getByRole("link", { name: /\/sign-in$/ })).toBeVisible();
    await expect(notice.getByRole("link", { name: /\/forgot-password$/ })).toBeVisible();

    // The existing account's password did not change: the first password still signs in.
    await signIn(page, email, PASSWORD);
    await expect(page).toHaveURL(/\/app$/);
    await expect(page.getByTestId("signed-in-user")).toHaveText("Nora Newcomer");
  });

  test("the form keeps what was typed after going back, and validation errors take the focus", async ({ page }) => {
    await page.goto("/sign-up");
    await page.getByLabel("Your name").fill("Kim Keyboard");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByLabel("Password").press("Enter");
    await expect(page.getByText("Enter a valid email address")).toBeVisible();
    await expect(page.getByLabel("Email")).toBeFocused();
    await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
    await saveScreenshot(page, "sign-up-errors-1280");

    const email = uniqueEmail("kim");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByLabel("Password").press("Enter");
    await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeFocused();
    await page.getByRole("button", { name: "Use another email address" }).click();
    await expect(page.getByLabel("Your name")).toHaveValue("Kim Keyboard");
    await expect(page.getByLabel("Email")).toHaveValue(email);
  });

  test("the verification link confirms with a button (opening it spends nothing), and works once", async ({ page }) => {
    const email = uniqueEmail("verify");
    await submitSignUp(page, { name: "Vera Verify", email });
    const link = await newestEmailLink(page, email, "/verify-email/");

    // Opening the page (what a mail scanner does) twice does not use the link up.
    await page.goto(link);
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "Confirm your email address" })).toBeVisible();
    await saveScreenshot(page, "verify-email-1280");
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await expect(page.getByRole("heading", { name: "Email confirmed" })).toBeVisible();
    await expect(page.getByTestId("email-verified")).toContainText(email);
    await saveScreenshot(page, "verify-email-confirmed-1280");
    // Signed out, it leads to sign-in.
    await expect(page.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/sign-in");

    // A second use fails clearly; signed out, it says how to get a new link.
    await page.goto(link);
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await expect(page.getByRole("heading", { name: "This link can't be used" })).toBeVisible();
    await expect(page.locator("#form-error")).toContainText("invalid, expired or already used");
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
    await page.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(page, "verify-email-used-375");

    // An incomplete link is refused before anything is sent.
    await page.goto("/verify-email/short");
    await expect(page.getByRole("heading", { name: "This link can't be used" })).toBeVisible();
    await expect(page.locator("#form-error")).toContainText("incomplete");
  });

  test("signed in unconfirmed: a banner on every page (dismissible per page), a new link on demand, old links stop working", async ({
    page,
  }) => {
    const { email } = await createAccount(page, "Una Unconfirmed", { verified: false });
    const banner = page.getByTestId("verify-email-banner");
    await expect(banner).toContainText("Confirm your email address");
    await expect(banner).toContainText(email);
    await saveScreenshot(page, "app-unverified-banner-1280");
    await page.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(page, "app-unverified-banner-375");
    await page.setViewportSize({ width: 1280, height: 720 });

    // Dismissed here, back on the next page.
    await banner.getByRole("button", { name: "Dismiss this notice on this page" }).click();
    await expect(banner).toHaveCount(0);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await expect(page).toHaveURL(/\/app\/settings$/);
    await expect(banner).toBeVisible();
    await expect(page.locator("#main")).toContainText("Not confirmed");

    const firstLink = await newestEmailLink(page, email, "/verify-email/");
    await page.goto("/app");
    await banner.getByRole("button", { name: "Send a new link" }).click();
    await expect(banner).toContainText("New link sent");
    await expect(banner.getByRole("button", { name: "Send a new link" })).toHaveCount(0);
    await saveScreenshot(page, "app-unverified-banner-sent-1280");

    // The first link no longer works; signed in, the failure offers a new one right there.
    await page.goto(firstLink);
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await expect(page.getByRole("heading", { name: "This link can't be used" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Send a new link" })).toBeVisible();
    await saveScreenshot(page, "verify-email-used-signed-in-1280");

    await confirmEmail(page, email);
    await page.getByRole("link", { name: "Continue to the app" }).click();
    await expect(page).toHaveURL(/\/app$/);
    await expect(page.getByTestId("signed-in-user")).toHaveText("Una Unconfirmed");
    await expect(banner).toHaveCount(0);
    await page.goto("/app/settings");
    await expect(page.locator("#main")).toContainText("Confirmed");
  });
});
