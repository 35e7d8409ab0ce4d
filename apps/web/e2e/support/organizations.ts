import { expect, type Page } from "@playwright/test";
import { newestEmailLink } from "./outbox";

/** A new organization through the real form; ends on the organization page with it active. */
export async function createOrganization(page: Page, name: string) {
  await page.goto("/app/organizations/new");
  await page.getByLabel("Organization name").fill(name);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(/\/app\/organization$/);
  await expect(page.locator("#main").getByTestId("org-name")).toHaveText(name);
}

/**
 * `owner` (on the organization page of the org) invites `email` with `role`; `invitee` reads the
 * email in the dev outbox, follows the link and accepts. The org is then the invitee's active one.
 */
export async function inviteAndAccept(owner: Page, invitee: Page, email: string, role: "admin" | "member" | "viewer") {
  await owner.goto("/app/organization");
  await owner.getByLabel("Email").fill(email);
  await owner.getByLabel("Role", { exact: true }).selectOption(role);
  await owner.getByRole("button", { name: "Send invitation", exact: true }).click();
  await expect(owner.locator("#main").getByTestId("invitations-list")).toContainText(email);

  await invitee.goto(await newestEmailLink(invitee, email, "/invitations/"));
  await invitee.getByRole("button", { name: "Accept invitation" }).click();
  await expect(invitee).toHaveURL(/\/app$/);
}
