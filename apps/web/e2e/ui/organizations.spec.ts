import { expect, test, type Page } from "@playwright/test";
import { PASSWORD, confirmEmail, createAccount, signIn, submitSignUp, uniqueEmail } from "../support/accounts";
import { newestEmailLink } from "../support/outbox";
import { saveScreenshot } from "../support/screenshots";

async function createOrganization(page: Page, name: string) {
  await page.goto("/app/organizations/new");
  await page.getByLabel("Organization name").fill(name);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(/\/app\/organization$/);
  await expect(page.locator("#main").getByTestId("org-name")).toHaveText(name);
  await expect(page.getByTestId("org-switcher")).toContainText(name);
}

/** The active organization's id, as the API reports it for this browser's user. */
async function orgIdByName(page: Page, name: string): Promise<string> {
  const response = await page.request.get("/api/trpc/organizations.mine");
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { result: { data: { id: string; name: string }[] } };
  const org = body.result.data.find((candidate) => candidate.name === name);
  if (!org) throw new Error(`organization ${name} not found`);
  return org.id;
}

test.describe("organizations, members and invitations", () => {
  test("create, invite through the dev outbox, accept, change role, remove", async ({ page, browser, baseURL }) => {
    test.setTimeout(120_000);
    // A: a fresh account has no organization yet; the dashboard says so and leads to the form.
    await createAccount(page, "Alice Owner");
    await expect(page.getByRole("heading", { name: "Create your first organization" })).toBeVisible();
    await saveScreenshot(page, "dashboard-no-organization-1280");
    await page.getByRole("main").getByRole("link", { name: "Create organization" }).click();
    await expect(page).toHaveURL(/\/app\/organizations\/new$/);
    await page.getByRole("button", { name: "Create organization" }).click();
    await expect(page.getByText("Name must be at least 2 characters")).toBeVisible();
    await page.getByLabel("Organization name").fill("Alpha Agency");
    await page.getByRole("button", { name: "Create organization" }).click();
    await expect(page).toHaveURL(/\/app\/organization$/);
    await expect(page.getByTestId("org-switcher")).toContainText("Alpha Agency");

    // B: another browser, another account and organization.
    const bContext = await browser.newContext();
    const b = await bContext.newPage();
    const bob = await createAccount(b, "Bob Member");
    await createOrganization(b, "Bravo Studio");

    // A invites B as a member.
    await page.getByLabel("Email").fill(bob.email);
    await page.getByLabel("Role", { exact: true }).selectOption("member");
    await page.getByRole("button", { name: "Send invitation", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Invitation sent to" })).toContainText(bob.email);
    await expect(page.locator("#main").getByTestId("invitations-list")).toContainText(bob.email);
    await saveScreenshot(page, "organization-invited-1280");

    // Another invitation is resent, then revoked.
    await page.getByLabel("Email").fill("not-coming@e2e.test");
    await page.getByLabel("Role", { exact: true }).selectOption("viewer");
    await page.getByRole("button", { name: "Send invitation", exact: true }).click();
    await expect(page.locator("#main").getByTestId("invitations-list").getByRole("listitem")).toHaveCount(2);
    await page.getByRole("button", { name: "Resend invitation to not-coming@e2e.test" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Invitation sent again." })).toBeVisible();
    await page.getByRole("button", { name: "Revoke invitation to not-coming@e2e.test" }).click();
    await expect(page.locator("#main").getByTestId("invitations-list").getByRole("listitem")).toHaveCount(1);
    await expect(page.locator("#main").getByTestId("invitations-list")).not.toContainText("not-coming@e2e.test");

    // The last owner cannot leave: the API's message is shown.
    await page.getByRole("button", { name: "Leave organization" }).click();
    await page.getByRole("button", { name: "Yes, leave Alpha Agency" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "at least one owner" })).toBeVisible();
    await page.getByRole("button", { name: "Cancel" }).click();

    // B reads the email in the dev outbox and follows its link.
    await b.goto("/dev/outbox");
    // Bob's emails: the address confirmation (sign-up) and the invitation.
    const email = b
      .getByTestId("outbox-email")
      .filter({ has: b.getByTestId("outbox-to").getByText(bob.email, { exact: true }) })
      .filter({ has: b.getByRole("link", { name: /\/invitations\// }) });
    await expect(email).toHaveCount(1);
    await saveScreenshot(b, "dev-outbox-1280");
    const inviteLink = email.getByRole("link", { name: /\/invitations\// });
    const invitePath = new URL((await inviteLink.getAttribute("href")) ?? "").pathname;

    // Opened by the wrong account (A), the link says whose it is and offers to switch accounts.
    await page.goto(invitePath);
    await page.getByRole("button", { name: "Accept invitation" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "This invitation is for another account" })).toContainText(
      "different email address",
    );
    await expect(page.getByRole("button", { name: "Sign out and use another account" })).toBeVisible();
    await page.goto("/app/organization");

    await inviteLink.click();
    await expect(b).toHaveURL(/\/invitations\/[^/]+$/);
    await expect(b.getByText(`Signed in as Bob Member (${bob.email})`)).toBeVisible();
    await b.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(b, "invitation-accept-375");
    await b.setViewportSize({ width: 1280, height: 720 });
    await b.getByRole("button", { name: "Accept invitation" }).click();
    await expect(b).toHaveURL(/\/app$/);
    await expect(b.getByTestId("dashboard-org-name")).toHaveText("Alpha Agency");
    // A used link cannot be used again: its page says so (still naming what it was for).
    await b.goto(invitePath);
    await expect(b.getByRole("heading", { name: "This invitation was already used" })).toBeVisible();
    await expect(b.getByTestId("invitation-summary")).toContainText("Alpha Agency");
    await expect(b.getByRole("button", { name: "Accept invitation" })).toHaveCount(0);
    await b.goto("/app");
    await b.getByTestId("org-switcher").click();
    const bOrgs = b.getByRole("list", { name: "Your organizations" });
    await expect(bOrgs.getByRole("button")).toHaveCount(2);
    await expect(bOrgs.getByRole("button", { name: /Alpha Agency/ })).toHaveAttribute("aria-current", "true");
    await expect(bOrgs.getByRole("button", { name: /Bravo Studio/ })).toBeVisible();
    await saveScreenshot(b, "org-switcher-1280");
    await b.keyboard.press("Escape");

    // A sees B as a member, and makes B a viewer.
    await page.reload();
    await expect(page.locator("#main").getByTestId("member-row")).toHaveCount(2);
    await expect(page.getByText("No pending invitations.")).toBeVisible();
    const bobRole = page.getByLabel("Role of Bob Member");
    await expect(bobRole).toHaveValue("member");
    await bobRole.selectOption("viewer");
    await expect(bobRole).toHaveValue("viewer");
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(page, "organization-members-1280");
    await page.setViewportSize({ width: 375, height: 812 });
    await expect(page.locator("#main").getByTestId("member-row")).toHaveCount(2);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "horizontal overflow at 375 px").toBeLessThanOrEqual(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(page, "organization-members-375");
    await page.setViewportSize({ width: 1280, height: 800 });

    // B, now a viewer: no invite or rename controls, and the API refuses them anyway.
    await b.goto("/app/organization");
    await expect(b.locator("#main").getByTestId("org-name")).toHaveText("Alpha Agency");
    await expect(b.locator("#main").getByText("Your role: viewer")).toBeVisible();
    await expect(b.getByTestId("no-invite-permission")).toBeVisible();
    await expect(b.getByRole("button", { name: "Send invitation", exact: true })).toHaveCount(0);
    await expect(b.getByRole("button", { name: "Rename" })).toHaveCount(0);
    await expect(b.getByRole("combobox")).toHaveCount(0);
    const alphaId = await orgIdByName(b, "Alpha Agency");
    const refused = await b.request.post("/api/trpc/invitations.create", {
      headers: { origin: baseURL ?? "", "content-type": "application/json" },
      data: { orgId: alphaId, email: "someone@e2e.test", role: "member" },
    });
    expect(refused.status(), "viewer inviting").toBe(403);

    // A removes B: B loses access at once.
    await page.getByRole("button", { name: "Remove Bob Member" }).click();
    await page.getByRole("button", { name: "Confirm removal" }).click();
    await expect(page.locator("#main").getByTestId("member-row")).toHaveCount(1);

    await b.reload();
    await expect(b.getByTestId("lost-org-notice")).toContainText("You no longer have access");
    await expect(b.locator("#main").getByTestId("org-name")).toHaveText("Bravo Studio");
    await expect(b.getByTestId("org-switcher")).toContainText("Bravo Studio");
    await saveScreenshot(b, "organization-access-lost-1280");
    const gone = await b.request.get(`/api/trpc/members.list?input=${encodeURIComponent(JSON.stringify({ orgId: alphaId }))}`);
    expect(gone.status(), "removed member listing members").toBe(404);
    await b.getByRole("button", { name: "Dismiss" }).click();
    await expect(b.getByTestId("lost-org-notice")).toHaveCount(0);
    await bContext.close();
  });

  test("invitation links: signed out they lead to sign-in, unusable ones say so", async ({ page }) => {
    // A real invitation to Carol (who has no account yet), sent by an owner who then signs out.
    await createAccount(page, "Olive Owner");
    await createOrganization(page, "Curious Agency");
    const carol = uniqueEmail("carol");
    await page.getByLabel("Email").fill(carol);
    await page.getByRole("button", { name: "Send invitation", exact: true }).click();
    await expect(page.locator("#main").getByTestId("invitations-list")).toContainText(carol);
    const invitePath = new URL(await newestEmailLink(page, carol, "/invitations/"), "http://localhost").pathname;
    await page.context().clearCookies();

    await page.goto(invitePath);
    await expect(page.getByRole("heading", { name: "You're invited" })).toBeVisible();
    await expect(page.getByTestId("invitation-summary")).toContainText("Olive Owner invited you to join Curious Agency");
    await expect(page.getByRole("link", { name: "Sign in to accept" })).toHaveAttribute(
      "href",
      `/sign-in?callbackUrl=${encodeURIComponent(invitePath)}`,
    );
    // Signing up from the invitation comes back to it (the sign-in page's link keeps the way back too).
    await page.getByRole("link", { name: "Sign in to accept" }).click();
    await expect(page.getByRole("link", { name: "Dev outbox: emails the app sent" })).toBeVisible();
    await page.getByRole("link", { name: "Create an account" }).click();
    await expect(page).toHaveURL(new RegExp(`/sign-up\\?callbackUrl=${encodeURIComponent(invitePath)}$`));
    // Sign-up signs nobody in: its "check your inbox" leads to sign-in, still on the way back.
    await submitSignUp(page, { name: "Carol Curious", email: carol }, page.url());
    await page.getByRole("link", { name: "Go to sign in" }).click();
    await expect(page).toHaveURL(new RegExp(`/sign-in\\?callbackUrl=${encodeURIComponent(invitePath)}$`));
    await signIn(page, carol, PASSWORD, page.url());
    await expect(page).toHaveURL(new RegExp(`${invitePath}$`));
    await page.getByRole("button", { name: "Accept invitation" }).click();
    // Not confirmed yet: the page says what to do first.
    await expect(page.getByRole("alert").filter({ hasText: "Confirm your email address first" })).toBeVisible();

    // A made-up link names nobody and offers the way back.
    await page.goto("/invitations/not-a-real-invitation-token-0123456789");
    await expect(page.getByRole("heading", { name: "This invitation link doesn't work" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Go to the app" })).toBeVisible();

    await page.goto("/invitations/short");
    await expect(page.getByRole("heading", { name: "This invitation link is incomplete" })).toBeVisible();
  });

  test("an admin invited without an organization of their own can invite, and leaving returns to the empty dashboard", async ({
    page,
    browser,
  }) => {
    // Two sign-ups, an invitation and two organization pages: ~28 s on a loaded 2-core machine.
    test.setTimeout(60_000);
    await createAccount(page, "Olive Owner");
    await createOrganization(page, "Orchard Partners");
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    const adam = await createAccount(admin, "Adam Admin");
    await expect(admin.getByRole("heading", { name: "Create your first organization" })).toBeVisible();

    await page.getByLabel("Email").fill(adam.email);
    await page.getByLabel("Role", { exact: true }).selectOption("admin");
    await page.getByRole("button", { name: "Send invitation", exact: true }).click();
    await expect(page.locator("#main").getByTestId("invitations-list")).toContainText(adam.email);

    await admin.goto(await newestEmailLink(admin, adam.email, "/invitations/"));
    await admin.getByRole("button", { name: "Accept invitation" }).click();
    await expect(admin.getByTestId("dashboard-org-name")).toHaveText("Orchard Partners");

    // An admin may invite and rename, but not touch the owner.
    await admin.goto("/app/organization");
    // Scoped to #main: while a streamed page is swapped in, React briefly holds a second, hidden copy.
    await expect(admin.locator("#main").getByText("Your role: admin")).toBeVisible();
    await expect(admin.getByRole("button", { name: "Send invitation", exact: true })).toBeVisible();
    await expect(admin.getByRole("button", { name: "Rename" })).toBeVisible();
    await expect(admin.getByTestId("member-row")).toHaveCount(2);
    await expect(admin.getByRole("combobox", { name: "Role of Olive Owner" })).toHaveCount(0);
    await expect(admin.getByRole("button", { name: "Remove Olive Owner" })).toHaveCount(0);
    await expect(admin.getByRole("combobox", { name: "Role", exact: true })).not.toContainText("owner");

    await admin.getByLabel("Organization name").fill("Orchard & Partners");
    await admin.getByRole("button", { name: "Rename" }).click();
    await expect(admin.locator("#main").getByTestId("org-name")).toHaveText("Orchard & Partners");
    await expect(admin.getByTestId("org-switcher")).toContainText("Orchard & Partners");

    await admin.getByRole("button", { name: "Leave organization" }).click();
    await admin.getByRole("button", { name: "Yes, leave Orchard & Partners" }).click();
    await expect(admin).toHaveURL(/\/app$/);
    await expect(admin.getByRole("heading", { name: "Create your first organization" })).toBeVisible();
    await expect(admin.getByTestId("org-switcher")).toContainText("No organization");

    await page.reload();
    await expect(page.locator("#main").getByTestId("member-row")).toHaveCount(1);
    await adminContext.close();
  });

  test("an account that has not confirmed its email cannot accept an invitation, and can once it has", async ({ page, browser }) => {
    test.setTimeout(60_000);
    await createAccount(page, "Ingrid Inviter");
    await createOrganization(page, "Verified Only Ltd");
    const inviteeContext = await browser.newContext();
    const invitee = await inviteeContext.newPage();
    const una = await createAccount(invitee, "Una Unconfirmed", { verified: false });

    await page.getByLabel("Email").fill(una.email);
    await page.getByLabel("Role", { exact: true }).selectOption("member");
    await page.getByRole("button", { name: "Send invitation", exact: true }).click();
    await expect(page.locator("#main").getByTestId("invitations-list")).toContainText(una.email);

    const invitePath = await newestEmailLink(invitee, una.email, "/invitations/");
    await invitee.goto(invitePath);
    await invitee.getByRole("button", { name: "Accept invitation" }).click();
    const refusal = invitee.getByRole("alert").filter({ hasText: "Confirm your email address first" });
    await expect(refusal).toContainText("Verify your email address first");
    await expect(refusal).toContainText(una.email);
    await saveScreenshot(invitee, "invitation-unverified-1280");
    await invitee.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(invitee, "invitation-unverified-375");
    await invitee.setViewportSize({ width: 1280, height: 720 });

    // The same resend action as the banner; its link confirms the address.
    await invitee.getByTestId("resend-verification").getByRole("button", { name: "Send a new link" }).click();
    await expect(invitee.getByTestId("resend-verification")).toContainText("New link sent");
    await confirmEmail(invitee, una.email);

    await invitee.goto(invitePath);
    await invitee.getByRole("button", { name: "Accept invitation" }).click();
    await expect(invitee).toHaveURL(/\/app$/);
    await expect(invitee.getByTestId("dashboard-org-name")).toHaveText("Verified Only Ltd");
    await inviteeContext.close();
  });
});
