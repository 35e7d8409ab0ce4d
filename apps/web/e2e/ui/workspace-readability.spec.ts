import type { TaskDto } from "@agency/validators";
import { expect, test, type Page } from "@playwright/test";
import { createAccount, submitSignUp, uniqueEmail } from "../support/accounts";
import { apiMutation, apiQuery, orgIdByName } from "../support/api";
import { createOrganization } from "../support/organizations";
import { newestEmailLink } from "../support/outbox";
import { saveScreenshot } from "../support/screenshots";

/** "7 Dec 2026" and "7 Dec 2026, 14:05": the one date style of the app. */
const DAY = /\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b/;
const MOMENT = /\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}, \d{2}:\d{2}\b/;

async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

async function atWidth(page: Page, width: number) {
  await page.setViewportSize({ width, height: width < 640 ? 812 : 900 });
}

interface Workspace {
  orgId: string;
  clientId: string;
  projectId: string;
}

async function seedWorkspace(page: Page, orgName: string): Promise<Workspace> {
  const orgId = await orgIdByName(page, orgName);
  const client = await apiMutation<{ id: string }>(page, "clients.create", { orgId, name: "Acme Rockets" });
  const project = await apiMutation<{ id: string }>(page, "projects.create", {
    orgId,
    clientId: client.id,
    name: "Website relaunch",
    description: "Rebuild the marketing site.\n\n- **Launch** before the spring campaign\n- Keep the old URLs working",
    startDate: "2026-12-01",
    dueDate: "2027-02-15",
  });
  await apiMutation(page, "projects.create", { orgId, clientId: client.id, name: "Brand refresh", status: "planned" });
  return { orgId, clientId: client.id, projectId: project.id };
}

test.describe("a workspace that reads well", () => {
  test("the invitation page names the organization, the inviter and the role, signed out and signed in", async ({ page, browser }) => {
    test.setTimeout(240_000);
    await createAccount(page, "Olga Owner");
    await createOrganization(page, "Northstar Agency");
    const email = uniqueEmail("invitee");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Role", { exact: true }).selectOption("member");
    await page.getByRole("button", { name: "Send invitation", exact: true }).click();
    await expect(page.locator("#main").getByTestId("invitations-list")).toContainText(email);

    const context = await browser.newContext();
    const invitee = await context.newPage();
    const link = await newestEmailLink(invitee, email, "/invitations/");
    await invitee.goto(link);
    await expect(invitee.getByTestId("invitation-summary")).toContainText("Olga Owner invited you to join Northstar Agency as a member.");
    await expect(invitee.getByTestId("invitation-summary")).toContainText(DAY);
    await atWidth(invitee, 375);
    await saveScreenshot(invitee, "invitation-signed-out-375");
    await atWidth(invitee, 1280);
    await saveScreenshot(invitee, "invitation-signed-out-1280");

    // Signed in as the invitee (an unverified new account still sees who invited it).
    await submitSignUp(invitee, { name: "Ivy Invitee", email });
    await invitee.goto(await newestEmailLink(invitee, email, "/verify-email/"));
    await invitee.getByRole("button", { name: "Confirm my email address" }).click();
    await invitee.goto(`/sign-in?callbackUrl=${encodeURIComponent(new URL(link, "http://localhost").pathname)}`);
    await invitee.getByLabel("Email").fill(email);
    await invitee.getByLabel("Password").fill("violet-otter-bicycle-42");
    await invitee.getByRole("button", { name: "Sign in" }).click();
    await expect(invitee.getByRole("heading", { name: "Join Northstar Agency" })).toBeVisible();
    await expect(invitee.getByTestId("invitation-summary")).toContainText("Olga Owner invited you to join Northstar Agency as a member.");
    await saveScreenshot(invitee, "invitation-signed-in-1280");
    await invitee.getByRole("button", { name: "Accept invitation" }).click();
    await expect(invitee).toHaveURL(/\/app$/);

    // Used once: the page says so, still naming what it was for.
    await invitee.goto(link);
    await expect(invitee.getByRole("heading", { name: "This invitation was already used" })).toBeVisible();
    await expect(invitee.getByTestId("invitation-summary")).toContainText("Northstar Agency");
    // A made-up link names nothing.
    await invitee.goto(`/invitations/${"z".repeat(43)}`);
    await expect(invitee.getByRole("heading", { name: "This invitation link doesn't work" })).toBeVisible();
    await expect(invitee.getByTestId("invitation-summary")).toHaveCount(0);
    await context.close();
  });

  test("the audit log names people, tasks and moves, and fits the screen at 1280 and 375", async ({ page }) => {
    test.setTimeout(240_000);
    await createAccount(page, "Olga Owner");
    await createOrganization(page, "Audit Agency");
    const workspace = await seedWorkspace(page, "Audit Agency");
    const me = await apiQuery<{ id: string }>(page, "account.me", undefined);
    const task = await apiMutation<TaskDto>(page, "tasks.create", {
      orgId: workspace.orgId,
      projectId: workspace.projectId,
      title: "Fix the footer",
    });
    const assigned = await apiMutation<TaskDto>(page, "tasks.update", {
      orgId: workspace.orgId,
      taskId: task.id,
      expectedVersion: task.version,
      patch: { assigneeId: me.id, dueDate: "2026-12-24" },
    });
    await apiMutation(page, "tasks.move", {
      orgId: workspace.orgId,
      taskId: task.id,
      expectedVersion: assigned.version,
      status: "in_progress",
      afterTaskId: null,
    });

    await atWidth(page, 1280);
    await page.goto("/app/audit");
    const log = page.locator("#main");
    await expect(log.getByTestId("audit-row").first()).toBeVisible();
    await expect(log).toContainText("Moved from To do to In progress");
    await expect(log).toContainText("Assignee:");
    await expect(log.getByTestId("audit-changes").filter({ hasText: "Assignee:" })).toContainText("Olga Owner");
    await expect(log.getByTestId("audit-changes").filter({ hasText: "Due date:" })).toContainText("24 Dec 2026");
    await expect(log).not.toContainText("position");
    await expect(log).not.toContainText(me.id);
    await expect(log.getByRole("link", { name: "Fix the footer" }).first()).toHaveAttribute("href", `/app/tasks/${task.id}`);
    await expect(log.getByRole("link", { name: "Website relaunch" }).first()).toBeVisible();
    await expect(log.locator("time").first()).toHaveText(MOMENT);
    expect(await sidewaysOverflow(page), "the audit page scrolls sideways at 1280 px").toBeLessThanOrEqual(0);
    await saveScreenshot(page, "audit-readable-1280");
    await atWidth(page, 375);
    expect(await sidewaysOverflow(page), "the audit page scrolls sideways at 375 px").toBeLessThanOrEqual(0);
    await saveScreenshot(page, "audit-readable-375");
  });

  test("a client lists its projects, a project shows its description, search finds tasks by client and project names", async ({ page }) => {
    test.setTimeout(240_000);
    await createAccount(page, "Olga Owner");
    await createOrganization(page, "Search Agency");
    const workspace = await seedWorkspace(page, "Search Agency");
    await apiMutation(page, "tasks.create", { orgId: workspace.orgId, projectId: workspace.projectId, title: "Fix the footer" });

    await atWidth(page, 1280);
    await page.goto(`/app/clients/${workspace.clientId}`);
    const projects = page.getByTestId("client-projects");
    await expect(projects.getByTestId("client-project")).toHaveCount(2);
    await expect(projects).toContainText("Brand refresh");
    await expect(projects).toContainText("1 Dec 2026 – 15 Feb 2027");
    await saveScreenshot(page, "client-projects-1280");
    await atWidth(page, 375);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await saveScreenshot(page, "client-projects-375");
    await atWidth(page, 1280);
    await projects.getByRole("link", { name: "Website relaunch" }).click();
    await expect(page).toHaveURL(new RegExp(`/app/projects/${workspace.projectId}$`));
    const description = page.getByTestId("project-description");
    await expect(description).toContainText("Rebuild the marketing site.");
    await expect(description.locator("strong")).toHaveText("Launch");
    await saveScreenshot(page, "project-description-1280");
    await atWidth(page, 375);
    await saveScreenshot(page, "project-description-375");
    await atWidth(page, 1280);

    await page.goto("/app/tasks?q=rockets");
    await expect(page.locator("#main").getByTestId("tasks-table").getByTestId("task-row")).toHaveCount(1);
    await expect(page.locator("#main").getByTestId("tasks-table")).toContainText("Fix the footer");
    await saveScreenshot(page, "tasks-search-client-1280");
    await page.goto("/app/projects?q=rockets");
    await expect(page.getByTestId("project-row")).toHaveCount(2);
  });

  test("labels are suggested from the organization's labels and match however they are typed; dates read one way", async ({ page }) => {
    test.setTimeout(240_000);
    await createAccount(page, "Olga Owner");
    await createOrganization(page, "Label Agency");
    const workspace = await seedWorkspace(page, "Label Agency");
    await apiMutation(page, "tasks.create", { orgId: workspace.orgId, projectId: workspace.projectId, title: "Urgent one", labels: ["Urgent", "Design"] });
    await apiMutation(page, "tasks.create", { orgId: workspace.orgId, projectId: workspace.projectId, title: "Urgent two", labels: ["urgent "] });
    const plain = await apiMutation<TaskDto>(page, "tasks.create", { orgId: workspace.orgId, projectId: workspace.projectId, title: "Plain" });

    await atWidth(page, 1280);
    await page.goto(`/app/tasks/${plain.id}`);
    const input = page.getByLabel("New label");
    const listId = await input.getAttribute("list");
    expect(listId).toBeTruthy();
    const options = page.locator(`datalist[id="${listId}"] option`);
    await expect(options).toHaveCount(2);
    await expect(options.first()).toHaveAttribute("value", "urgent");
    await expect(options.first()).toHaveAttribute("label", "2 tasks");
    await input.fill("  Needs   Review ");
    await input.press("Enter");
    await expect(page.getByTestId("task-labels")).toContainText("needs review");

    // The due date input shows the browser's format; the chosen day is spelled out beside it.
    await page.getByLabel("Due date", { exact: true }).fill("2026-12-24");
    await expect(page.getByTestId("due-date-reads")).toHaveText("Selected: 24 Dec 2026");
    await saveScreenshot(page, "task-labels-dates-1280");
    await atWidth(page, 375);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await saveScreenshot(page, "task-labels-dates-375");
    await atWidth(page, 1280);

    await page.goto("/app/tasks");
    await page.getByLabel("Label", { exact: true }).fill("  URGENT ");
    await expect(page).toHaveURL(/label=urgent(&|$)/);
    await expect(page.locator("#main").getByTestId("tasks-table").getByTestId("task-row")).toHaveCount(2);

    await page.goto("/app/settings");
    await expect(page.getByText(/Last active/).first()).toContainText(MOMENT);
    await saveScreenshot(page, "settings-sessions-1280");
    await atWidth(page, 375);
    await saveScreenshot(page, "settings-sessions-375");
  });

  test("at 375 px the organization switcher's arrow stays clear of the Live dot and the rest of the top bar", async ({ page }) => {
    test.setTimeout(180_000);
    await createAccount(page, "Olga Owner");
    await createOrganization(page, "Extraordinarily Long Agency Name Limited");
    await page.goto("/app/projects");
    // 375 px phones; 360 px is also what a desktop browser at 375 px leaves beside its scrollbar; 320 px the smallest.
    for (const width of [375, 360, 320]) {
      await atWidth(page, width);
      const arrow = await page.getByTestId("org-switcher-arrow").boundingBox();
      // The first thing right of the switcher: the Live status (its dot) in the top bar.
      const actions = await page.getByRole("banner").getByRole("status", { name: /Live updates/ }).boundingBox();
      expect(arrow && actions, "the arrow and the top bar's actions are on screen").toBeTruthy();
      expect(arrow!.x + arrow!.width, `at ${width} px the arrow ends before the Live dot and sign-out begin`).toBeLessThanOrEqual(actions!.x);
      const signOut = await page.getByRole("banner").getByRole("button", { name: "Sign out" }).boundingBox();
      expect(signOut!.x + signOut!.width, `at ${width} px the top bar fits`).toBeLessThanOrEqual(width);
      await saveScreenshot(page, `top-bar-${width}`);
    }
  });
});
