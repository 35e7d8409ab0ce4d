import { expect, type Page } from "@playwright/test";

/** A tRPC mutation through the web app's same-origin proxy as this page's signed-in user (with the Origin a browser sends). */
export async function trpcMutation<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const response = await page.request.post(`/api/trpc/${procedure}`, {
    headers: { origin: new URL(page.url()).origin, "content-type": "application/json" },
    data: input,
  });
  expect(response.status(), `${procedure}: ${await response.text()}`).toBe(200);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

/** The id of this user's organization called `name`. */
export async function orgIdByName(page: Page, name: string): Promise<string> {
  const response = await page.request.get("/api/trpc/organizations.mine");
  expect(response.status()).toBe(200);
  const orgs = ((await response.json()) as { result: { data: { id: string; name: string }[] } }).result.data;
  const org = orgs.find((candidate) => candidate.name === name);
  if (!org) throw new Error(`organization ${name} not found`);
  return org.id;
}

/** A new organization through the real form; it becomes the active one. */
export async function createOrganizationThroughForm(page: Page, name: string) {
  await page.goto("/app/organizations/new");
  await page.getByLabel("Organization name").fill(name);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(/\/app\/organization$/);
  await expect(page.locator("#main").getByTestId("org-name")).toHaveText(name);
}

/** `owner` invites `email` with `role`; `invitee` follows the dev-outbox link and accepts (the org becomes their active one). */
export async function inviteThroughOutbox(
  owner: Page,
  invitee: Page,
  email: string,
  role: "admin" | "member" | "viewer",
) {
  await owner.goto("/app/organization");
  await owner.getByLabel("Email").fill(email);
  await owner.getByLabel("Role", { exact: true }).selectOption(role);
  await owner.getByRole("button", { name: "Send invitation", exact: true }).click();
  await expect(owner.getByTestId("invitations-list")).toContainText(email);
  await invitee.goto("/dev/outbox");
  const message = invitee
    .getByTestId("outbox-email")
    .filter({ has: invitee.getByTestId("outbox-to").getByText(email, { exact: true }) });
  await expect(message).toHaveCount(1);
  const href = await message.getByRole("link", { name: /\/invitations\// }).getAttribute("href");
  await invitee.goto(new URL(href ?? "").pathname);
  await invitee.getByRole("button", { name: "Accept invitation" }).click();
  await expect(invitee).toHaveURL(/\/app$/);
}
