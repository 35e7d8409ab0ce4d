import { expect, type Locator, type Page } from "@playwright/test";

/** The dev outbox's emails to `to` (newest first), on the /dev/outbox page this opens. */
export async function openOutboxFor(page: Page, to: string): Promise<Locator> {
  await page.goto("/dev/outbox");
  return page.getByTestId("outbox-email").filter({ has: page.getByTestId("outbox-to").getByText(to, { exact: true }) });
}

/**
 * The path of the newest link to `pathPrefix` (e.g. "/verify-email/") in the emails to `to`, read
 * in the dev outbox as a developer would; fails when there is none.
 */
export async function newestEmailLink(page: Page, to: string, pathPrefix: string): Promise<string> {
  const emails = await openOutboxFor(page, to);
  const link = emails.getByRole("link", { name: new RegExp(escapeRegExp(pathPrefix)) }).first();
  await expect(link, `an email to ${to} with a ${pathPrefix} link`).toBeVisible();
  return new URL((await link.getAttribute("href")) ?? "").pathname;
}

/** The subjects of the emails to `to`, newest first. */
export async function subjectsOfEmailsTo(page: Page, to: string): Promise<string[]> {
  const emails = await openOutboxFor(page, to);
  return emails.getByRole("heading").allTextContents();
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
