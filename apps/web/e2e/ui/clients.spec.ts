import { expect, test, type Browser, type Page } from "@playwright/test";
import { createAccount } from "../support/accounts";
import { newestEmailLink } from "../support/outbox";
import { saveScreenshot } from "../support/screenshots";

async function createOrganization(page: Page, name: string) {
  await page.goto("/app/organizations/new");
  await page.getByLabel("Organization name").fill(name);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(/\/app\/organization$/);
  await expect(page.locator("#main").getByTestId("org-name")).toHaveText(name);
}

/** A new account in its own browser context, invited by `owner` with `role` and accepted through the dev outbox. */
async function joinAs(owner: Page, browser: Browser, name: string, role: "admin" | "viewer") {
  const context = await browser.newContext();
  const page = await context.newPage();
  const { email } = await createAccount(page, name);
  await owner.goto("/app/organization");
  await owner.getByLabel("Email").fill(email);
  await owner.getByLabel("Role", { exact: true }).selectOption(role);
  await owner.getByRole("button", { name: "Send invitation", exact: true }).click();
  await expect(owner.locator("#main").getByTestId("invitations-list")).toContainText(email);
  await page.goto(await newestEmailLink(page, email, "/invitations/"));
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page).toHaveURL(/\/app$/);
  return { page, context, email };
}

async function createClient(page: Page, fields: { name: string; contactName?: string; contactEmail?: string; status?: string }) {
  await page.getByRole("button", { name: "New client" }).first().click();
  const form = page.getByRole("form", { name: "New client" });
  await expect(form.getByLabel("Client name")).toBeFocused();
  await form.getByLabel("Client name").fill(fields.name);
  if (fields.contactName) await form.getByLabel("Contact name").fill(fields.contactName);
  if (fields.contactEmail) await form.getByLabel("Contact email").fill(fields.contactEmail);
  if (fields.status) await form.getByLabel("Status").selectOption(fields.status);
  await form.getByLabel("Client name").press("Enter");
  await expect(page.getByTestId("client-created")).toContainText(`Created ${fields.name}.`);
}

async function expectNoHorizontalOverflow(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `horizontal overflow at 375 px on ${what}`).toBeLessThanOrEqual(0);
}

/** Creates clients through the API as this page's user (fast setup for pagination). */
async function createClientsThroughApi(page: Page, baseURL: string, orgName: string, names: string[]) {
  const mine = await page.request.get("/api/trpc/organizations.mine");
  const orgs = ((await mine.json()) as { result: { data: { id: string; name: string }[] } }).result.data;
  const orgId = orgs.find((org) => org.name === orgName)?.id;
  if (!orgId) throw new Error(`organization ${orgName} not found`);
  for (const name of names) {
    const response = await page.request.post("/api/trpc/clients.create", {
      headers: { origin: baseURL, "content-type": "application/json" },
      data: { orgId, name },
    });
    expect(response.status(), `creating ${name}`).toBe(200);
  }
}

const rows = (page: Page) => page.getByTestId("clients-list").getByTestId("client-row");

test.describe("clients and the audit log", () => {
  test("an admin creates, searches, edits, deletes and restores clients; a stale edit shows the conflict; the audit log lists it all", async ({
    page: owner,
    browser,
  }) => {
    test.setTimeout(360_000);
    await createAccount(owner, "Olga Owner");
    await createOrganization(owner, "Northstar Agency");
    const { page: admin, context: adminContext } = await joinAs(owner, browser, "Adam Admin", "admin");

    // Empty list, then the create form's validation (messages from the shared schema).
    await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Clients" }).click();
    await expect(admin).toHaveURL(/\/app\/clients$/);
    await expect(admin.getByRole("heading", { name: "No clients yet" })).toBeVisible();
    await saveScreenshot(admin, "clients-empty-1280");
    await admin.getByRole("button", { name: "New client" }).first().click();
    const form = admin.getByRole("form", { name: "New client" });
    await form.getByLabel("Contact email").fill("not-an-email");
    await form.getByRole("button", { name: "Create client" }).click();
    await expect(form.getByText("Name is required")).toBeVisible();
    await expect(form.getByText("Enter a valid email address")).toBeVisible();
    await expect(form.getByLabel("Client name")).toBeFocused();
    await saveScreenshot(admin, "clients-create-invalid-1280");
    await admin.keyboard.press("Escape");
    await expect(form).toHaveCount(0);

    await createClient(admin, { name: "Northwind Traders", contactName: "Nina North", contactEmail: "Nina@Northwind.test", status: "paused" });
    await createClient(admin, { name: "Contoso Ltd" });
    await createClient(admin, { name: "Fabrikam" });
    await expect(rows(admin)).toHaveCount(3);
    await expect(rows(admin).first()).toContainText("Contoso Ltd");
    await expect(rows(admin).filter({ hasText: "Northwind Traders" })).toContainText("Nina North · nina@northwind.test");

    // Search, status and sort live in the URL and survive a reload.
    await admin.getByLabel("Search clients").fill("north");
    await expect(admin).toHaveURL(/[?&]q=north/);
    await expect(rows(admin)).toHaveCount(1);
    await admin.getByLabel("Filter by status").selectOption("active");
    await expect(admin).toHaveURL(/status=active/);
    await expect(admin.getByRole("heading", { name: "No clients match" })).toBeVisible();
    await admin.getByLabel("Filter by status").selectOption("paused");
    await expect(rows(admin)).toHaveCount(1);
    await admin.reload();
    await expect(admin.getByLabel("Search clients")).toHaveValue("north");
    await expect(admin.getByLabel("Filter by status")).toHaveValue("paused");
    await expect(rows(admin)).toHaveCount(1);
    await expect(rows(admin).first()).toContainText("Northwind Traders");
    await saveScreenshot(admin, "clients-filtered-1280");
    await admin.goto("/app/clients?sort=newest");
    await expect(admin.getByLabel("Sort by")).toHaveValue("newest");
    await expect(rows(admin).first()).toContainText("Fabrikam");
    await admin.getByLabel("Sort by").selectOption("name");
    await expect(admin).toHaveURL(/\/app\/clients$/);
    await expect(rows(admin).first()).toContainText("Contoso Ltd");

    // A quick status change from the list.
    await admin.getByLabel("Status of Fabrikam").selectOption("archived");
    await expect(admin.getByLabel("Status of Fabrikam")).toHaveValue("archived");
    await expect(admin.getByLabel("Status of Fabrikam")).toBeEnabled();
    await saveScreenshot(admin, "clients-list-1280");
    await admin.setViewportSize({ width: 375, height: 812 });
    await expect(rows(admin)).toHaveCount(3);
    await expectNoHorizontalOverflow(admin, "the clients list");
    await saveScreenshot(admin, "clients-list-375");
    await admin.setViewportSize({ width: 1280, height: 800 });

    // Edit: the admin and the owner open the same client; the owner's edit is based on the old version.
    await admin.getByRole("link", { name: "Edit Northwind Traders" }).click();
    await expect(admin).toHaveURL(/\/app\/clients\/[0-9a-f-]{36}$/);
    const clientUrl = admin.url();
    const editForm = admin.getByRole("form", { name: "Edit client" });
    await expect(editForm.getByLabel("Client name")).toHaveValue("Northwind Traders");
    await expect(editForm.getByLabel("Contact email")).toHaveValue("nina@northwind.test");

    await owner.goto(clientUrl);
    const ownerForm = owner.getByRole("form", { name: "Edit client" });
    await expect(ownerForm.getByLabel("Client name")).toHaveValue("Northwind Traders");
    await ownerForm.getByLabel("Contact name").fill("Nils North");

    await editForm.getByLabel("Client name").fill("Northwind Trading Co");
    await editForm.getByLabel("Status").selectOption("active");
    await editForm.getByRole("button", { name: "Save changes" }).click();
    await expect(admin.getByTestId("client-save-message")).toHaveText("Saved.");
    await expect(admin.getByTestId("client-name")).toHaveText("Northwind Trading Co");

    await ownerForm.getByRole("button", { name: "Save changes" }).click();
    const conflict = owner.getByTestId("client-conflict");
    await expect(conflict).toContainText("Someone else changed this client while you were editing.");
    await expect(conflict.getByTestId("conflict-name")).toHaveText("Northwind Trading Co");
    await expect(conflict.getByTestId("conflict-status")).toHaveText("Active");
    await saveScreenshot(owner, "client-conflict-1280");
    await owner.setViewportSize({ width: 375, height: 812 });
    await expectNoHorizontalOverflow(owner, "the client conflict");
    await saveScreenshot(owner, "client-conflict-375");
    await owner.setViewportSize({ width: 1280, height: 800 });
    await conflict.getByRole("button", { name: "Load latest" }).click();
    await expect(conflict).toHaveCount(0);
    await expect(ownerForm.getByLabel("Client name")).toHaveValue("Northwind Trading Co");
    await expect(ownerForm.getByLabel("Contact name")).toHaveValue("Nina North");
    await expect(ownerForm.getByLabel("Status")).toHaveValue("active");

    // Delete from the client's page, restore from the trash.
    await admin.getByRole("button", { name: "Delete client" }).click();
    await admin.getByRole("button", { name: "Yes, move Northwind Trading Co to the trash" }).click();
    await expect(admin.getByTestId("client-trashed")).toContainText("This client is in the trash");
    await admin.getByRole("link", { name: "← All clients" }).click();
    await expect(rows(admin)).toHaveCount(2);
    await expect(rows(admin).filter({ hasText: "Northwind" })).toHaveCount(0);
    await admin.getByRole("navigation", { name: "Client views" }).getByRole("link", { name: "Trash" }).click();
    await expect(admin).toHaveURL(/view=trash/);
    await expect(rows(admin)).toHaveCount(1);
    await saveScreenshot(admin, "clients-trash-1280");
    await admin.getByRole("button", { name: "Restore Northwind Trading Co" }).click();
    await expect(admin.getByTestId("clients-notice")).toContainText("Restored Northwind Trading Co.");
    await expect(admin.getByRole("heading", { name: "The trash is empty" })).toBeVisible();
    await admin.goBack();
    await expect(admin.getByRole("navigation", { name: "Client views" }).getByRole("link", { name: "Clients" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await expect(rows(admin)).toHaveCount(3);

    // Delete from the list (confirmed), then undo.
    await admin.getByRole("button", { name: "Delete Contoso Ltd" }).click();
    await admin.getByRole("button", { name: "Move to trash" }).click();
    await expect(admin.getByTestId("clients-notice")).toContainText("Moved Contoso Ltd to the trash.");
    await expect(rows(admin)).toHaveCount(2);
    await admin.getByTestId("clients-notice").getByRole("button", { name: "Undo" }).click();
    await expect(admin.getByTestId("clients-notice")).toContainText("Restored Contoso Ltd.");
    await expect(rows(admin)).toHaveCount(3);

    // The audit log lists every client event, with what changed.
    await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
    await expect(admin).toHaveURL(/\/app\/audit$/);
    const actions = admin.getByTestId("audit-action");
    await expect(actions.filter({ hasText: "Client created" })).toHaveCount(3);
    await expect(actions.filter({ hasText: "Client deleted" })).toHaveCount(2);
    await expect(actions.filter({ hasText: "Client restored" })).toHaveCount(2);
    const nameChange = admin.getByTestId("audit-row").filter({ hasText: "Northwind Trading Co" }).filter({ hasText: "Client updated" });
    await expect(nameChange).toContainText("Name:");
    await expect(nameChange).toContainText("Northwind Traders");
    await expect(nameChange).toContainText("Adam Admin");
    await saveScreenshot(admin, "audit-log-1280");
    await admin.getByLabel("Action").selectOption("client.updated");
    await expect(admin).toHaveURL(/action=client\.updated/);
    await expect(actions).toHaveCount(2);
    await expect(actions.filter({ hasNotText: "Client updated" })).toHaveCount(0);
    await admin.reload();
    await expect(admin.getByLabel("Action")).toHaveValue("client.updated");
    await expect(actions).toHaveCount(2);
    await admin.setViewportSize({ width: 375, height: 812 });
    await expectNoHorizontalOverflow(admin, "the audit log");
    await saveScreenshot(admin, "audit-log-375");
    await admin.setViewportSize({ width: 1280, height: 800 });

    // The client's own page shows its history to admins.
    await admin.goto(clientUrl);
    await expect(admin.getByRole("heading", { name: "History" })).toBeVisible();
    await expect(admin.getByTestId("audit-row").first()).toBeVisible();
    await saveScreenshot(admin, "client-detail-1280");
    await admin.setViewportSize({ width: 375, height: 812 });
    await expectNoHorizontalOverflow(admin, "the client page");
    await saveScreenshot(admin, "client-detail-375");
    await adminContext.close();
  });

  test("a viewer sees clients without write controls, pages through them, and is told the audit log needs admin access", async ({
    page: owner,
    browser,
    baseURL,
  }) => {
    test.setTimeout(240_000);
    await createAccount(owner, "Owen Owner");
    await createOrganization(owner, "Viewpoint Studio");
    await owner.goto("/app/clients");
    await createClient(owner, { name: "Globex", contactEmail: "hank@globex.test" });
    // 26 more, so the list (25 a page) has a second page.
    const extra = Array.from({ length: 26 }, (_, index) => `Zeta client ${String(index + 1).padStart(2, "0")}`);
    await createClientsThroughApi(owner, baseURL ?? "", "Viewpoint Studio", extra);
    const { page: viewer, context } = await joinAs(owner, browser, "Vera Viewer", "viewer");

    await viewer.goto("/app/clients");
    await expect(rows(viewer)).toHaveCount(25);
    await expect(viewer.getByTestId("clients-count")).toHaveText("Showing the first 25");
    await viewer.getByRole("button", { name: "Load more" }).click();
    await expect(rows(viewer)).toHaveCount(27);
    await expect(viewer.getByTestId("clients-count")).toHaveText("27 clients");
    await expect(viewer.getByRole("button", { name: "Load more" })).toHaveCount(0);
    await expect(rows(viewer).last()).toContainText("Zeta client 26");
    await expect(viewer.getByTestId("clients-read-only")).toBeVisible();
    await expect(viewer.getByRole("button", { name: "New client" })).toHaveCount(0);
    await expect(viewer.getByRole("button", { name: /Delete/ })).toHaveCount(0);
    await expect(viewer.getByRole("link", { name: /^Edit / })).toHaveCount(0);
    await expect(viewer.getByRole("combobox", { name: /Status of/ })).toHaveCount(0);
    await viewer.getByRole("navigation", { name: "Client views" }).getByRole("link", { name: "Trash" }).click();
    await expect(viewer.getByRole("heading", { name: "The trash is empty" })).toBeVisible();
    await viewer.setViewportSize({ width: 375, height: 812 });
    await viewer.goto("/app/clients?q=globex");
    await expect(rows(viewer)).toHaveCount(1);
    await expectNoHorizontalOverflow(viewer, "the viewer's clients list");
    await saveScreenshot(viewer, "clients-viewer-375");
    await viewer.setViewportSize({ width: 1280, height: 800 });

    await rows(viewer).getByRole("link", { name: "Globex" }).click();
    await expect(viewer.getByTestId("client-summary")).toContainText("hank@globex.test");
    await expect(viewer.getByRole("form", { name: "Edit client" })).toHaveCount(0);
    await expect(viewer.getByRole("button", { name: "Delete client" })).toHaveCount(0);
    await expect(viewer.getByRole("heading", { name: "History" })).toHaveCount(0);

    await viewer.goto("/app/audit");
    await expect(viewer.getByTestId("audit-admin-required")).toContainText("You need admin access");
    await saveScreenshot(viewer, "audit-viewer-1280");
    await context.close();
  });
});
