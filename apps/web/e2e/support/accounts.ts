import { expect, type Page } from "@playwright/test";

export const PASSWORD = "violet-otter-bicycle-42";

/** A fresh account through the real sign-up form; ends on the dashboard. */
export async function signUp(page: Page, name = "Dana Tester") {
  const email = `user-${crypto.randomUUID().slice(0, 8)}@e2e.test`;
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/app$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText(name);
  return { email, name };
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
