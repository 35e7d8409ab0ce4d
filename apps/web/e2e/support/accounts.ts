import { expect, type Page } from "@playwright/test";
import { newestEmailLink } from "./outbox";

export const PASSWORD = "violet-otter-bicycle-42";

export const uniqueEmail = (prefix = "user") => `${prefix}-${crypto.randomUUID().slice(0, 8)}@e2e.test`;

/** Fills and sends the real sign-up form; ends on its "Check your inbox" state (nobody is signed in). */
export async function submitSignUp(page: Page, fields: { name: string; email: string; password?: string }, path = "/sign-up") {
  await page.goto(path);
  await page.getByLabel("Your name").fill(fields.name);
  await page.getByLabel("Email").fill(fields.email);
  await page.getByLabel("Password").fill(fields.password ?? PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await expect(page.getByTestId("check-inbox-email")).toHaveText(fields.email);
}

/** Opens the newest verification link sent to `email` (dev outbox) and presses its button. */
export async function confirmEmail(page: Page, email: string) {
  await page.goto(await newestEmailLink(page, email, "/verify-email/"));
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page.getByRole("heading", { name: "Email confirmed" })).toBeVisible();
}

/**
 * A fresh account the way a person gets one: sign-up form, the confirmation link from the dev
 * outbox (skipped with `verified: false`), then sign-in. Ends signed in on the dashboard.
 */
export async function createAccount(page: Page, name = "Dana Tester", options: { verified?: boolean; email?: string } = {}) {
  const email = options.email ?? uniqueEmail();
  await submitSignUp(page, { name, email });
  if (options.verified ?? true) await confirmEmail(page, email);
  await signIn(page, email);
  await expect(page).toHaveURL(/\/app$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText(name);
  return { email, name };
}

/** Fills and sends the sign-in form (where it leads is the caller's to check). */
export async function signIn(page: Page, email: string, password = PASSWORD, path = "/sign-in") {
  await page.goto(path);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
