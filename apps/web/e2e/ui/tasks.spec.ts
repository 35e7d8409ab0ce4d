import type { TaskDto } from "@agency/validators";
import { expect, test, type Page } from "@playwright/test";
import { createAccount, signIn } from "../support/accounts";
import { apiMutation, orgIdByName } from "../support/api";
import { watchBoardFeed } from "../support/board-feed";
import { createOrganization, inviteAndAccept } from "../support/organizations";
import { saveScreenshot } from "../support/screenshots";

interface Workspace {
  orgId: string;
  projectId: string;
}

/** A client and a project in the active organization, through the API as this page's user. */
async function createProject(page: Page, orgName: string, projectName = "Website relaunch"): Promise<Workspace> {
  const orgId = await orgIdByName(page, orgName);
  const client = await apiMutation<{ id: string }>(page, "clients.create", { orgId, name: "Acme Corp" });
  const project = await apiMutation<{ id: string }>(page, "projects.create", {
    orgId,
    clientId: client.id,
    name: projectName,
  });
  return { orgId, projectId: project.id };
}

function createTask(page: Page, workspace: Workspace, fields: Record<string, unknown>): Promise<TaskDto> {
  return apiMutation<TaskDto>(page, "tasks.create", {
    orgId: workspace.orgId,
    projectId: workspace.projectId,
    ...fields,
  });
}

/** The visible rows of the tasks table (desktop width). */
/**
 * Scoped to #main: the tasks list comes with the page (server-rendered, streamed), and while React
 * reveals a streamed page it holds a second, hidden copy outside #main for a moment (strict-mode
 * violations seen in a clean-clone run), as on the board.
 */
const rows = (page: Page) => page.locator("#main").getByTestId("tasks-table").getByTestId("task-row");

test.describe("tasks: list and detail", () => {
  test("an owner filters the list (URL-bound), edits a task in place, comments, reads its history, trashes and restores it", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const owner = await createAccount(page, "Olive Owner");
    await createOrganization(page, "Tasks Agency");
    const workspace = await createProject(page, "Tasks Agency");
    const logo = await createTask(page, workspace, { title: "Design the logo", priority: "high", labels: ["design"] });
    await createTask(page, workspace, { title: "Write the homepage copy", priority: "low", labels: ["copy"] });
    await createTask(page, workspace, { title: "Fix the footer bug", status: "review" });

    // The list: every task of the organization, with its project.
    await page.goto("/app/tasks");
    await expect(page.getByRole("heading", { name: "Tasks", level: 1 })).toBeVisible();
    await expect(rows(page)).toHaveCount(3);
    await expect(rows(page).filter({ hasText: "Design the logo" })).toContainText("Website relaunch");
    await saveScreenshot(page, "tasks-list-1280");

    // Search narrows the list after a pause in typing, lands in the URL and survives a reload.
    await page.getByLabel("Search tasks").fill("logo");
    await expect(page).toHaveURL(/[?&]q=logo/);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page)).toContainText("Design the logo");
    await page.reload();
    await expect(page.getByLabel("Search tasks")).toHaveValue("logo");
    await expect(rows(page)).toHaveCount(1);

    // Status toggles combine with the URL too; clearing brings everything back.
    const filterBar = page.getByRole("search", { name: "Filter tasks" });
    await filterBar.getByRole("button", { name: "Clear filters" }).click();
    await expect(rows(page)).toHaveCount(3);
    await page.getByRole("group", { name: "Status" }).getByRole("button", { name: "Review" }).click();
    await expect(page).toHaveURL(/[?&]status=review/);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page)).toContainText("Fix the footer bug");
    await page.getByRole("group", { name: "Priority" }).getByRole("button", { name: "Low" }).click();
    await expect(page.getByRole("heading", { name: "No tasks match" })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("group", { name: "Status" }).getByRole("button", { name: "Review" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    await expect(page.getByRole("heading", { name: "No tasks match" })).toBeVisible();
    await page.getByRole("main").getByRole("button", { name: "Clear filters" }).last().click(); // the empty state's
    await expect(rows(page)).toHaveCount(3);
    // A label chip filters by that label.
    await rows(page).filter({ hasText: "Write the homepage copy" }).getByRole("button", { name: "copy" }).click();
    await expect(page).toHaveURL(/[?&]label=copy/);
    await expect(rows(page)).toHaveCount(1);

    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto("/app/tasks");
    await expect(page.locator("#main").getByTestId("tasks-cards").getByTestId("task-card")).toHaveCount(3);
    await expect(page.locator("#main").getByTestId("tasks-table")).toBeHidden();
    await saveScreenshot(page, "tasks-list-375");
    await page.setViewportSize({ width: 1280, height: 800 });

    // The detail page: every field edited in place.
    await page.goto("/app/tasks");
    await rows(page).getByRole("link", { name: "Design the logo" }).click();
    await expect(page).toHaveURL(new RegExp(`/app/tasks/${logo.id}$`));
    await expect(page.locator("#main").getByTestId("task-title")).toHaveText("Design the logo");

    await page.getByRole("button", { name: "Edit title" }).click();
    await page.getByRole("textbox", { name: "Title" }).fill("Design the new logo");
    await page.getByRole("textbox", { name: "Title" }).press("Enter");
    await expect(page.locator("#main").getByTestId("task-title")).toHaveText("Design the new logo");

    await page.getByRole("button", { name: "Edit description" }).click();
    await page
      .getByRole("textbox", { name: "Description" })
      .fill("The **bold** plan:\n\n- sketch three ideas\n- pick one\n\n<script>alert(1)</script>");
    const descriptionForm = page.getByRole("form", { name: "Edit description" });
    await descriptionForm.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByTestId("description-preview").locator("strong")).toHaveText("bold");
    await descriptionForm.getByRole("button", { name: "Write" }).click();
    await page.getByRole("textbox", { name: "Description" }).press("Control+Enter");
    const description = page.locator("#main").getByTestId("task-description");
    await expect(description.locator("strong")).toHaveText("bold");
    await expect(description.getByRole("listitem")).toHaveCount(2);
    // Raw HTML is shown as text, never run.
    await expect(description.locator("script")).toHaveCount(0);
    await expect(description).toContainText("<script>alert(1)</script>");

    const details = page.getByRole("complementary", { name: "Task details" });
    await details.getByLabel("Priority").selectOption("urgent");
    await expect(details.getByLabel("Priority")).toHaveValue("urgent");
    await expect(details.getByLabel("Priority")).toBeEnabled();
    await details.getByLabel("Assignee").selectOption({ label: owner.name });
    await expect(details.getByLabel("Assignee")).toBeEnabled();
    await details.getByLabel("Status").selectOption("in_progress");
    await expect(details.getByLabel("Status")).toBeEnabled();
    await details.getByLabel("Due date", { exact: true }).fill("2026-12-31");
    await details.getByRole("button", { name: "Save date" }).click();
    await expect(details.getByRole("button", { name: "Clear" })).toBeVisible();
    await details.getByLabel("New label").fill("Branding");
    await details.getByLabel("New label").press("Enter");
    await expect(details.getByTestId("task-labels")).toContainText("branding");
    await details.getByRole("button", { name: "Remove label design" }).click();
    await expect(details.getByTestId("task-labels")).not.toContainText("design");

    // Everything survived a reload (the server has it, not only this page).
    await page.reload();
    await expect(page.locator("#main").getByTestId("task-title")).toHaveText("Design the new logo");
    await expect(details.getByLabel("Priority")).toHaveValue("urgent");
    await expect(details.getByLabel("Status")).toHaveValue("in_progress");
    await expect(details.getByLabel("Due date", { exact: true })).toHaveValue("2026-12-31");
    await expect(details.getByLabel("Assignee")).toHaveValue(/.+/);
    await expect(details.getByTestId("task-labels")).toHaveText(/branding/);

    // Comments: Ctrl+Enter posts; the author edits their own.
    const composer = page.getByRole("textbox", { name: "Add a comment" });
    await composer.fill("Looks **good** so far");
    await composer.press("Control+Enter");
    const comment = page.locator("#main").getByTestId("comment").first();
    await expect(comment.getByTestId("comment-body").locator("strong")).toHaveText("good");
    await expect(composer).toHaveValue("");
    await comment.getByRole("button", { name: "Edit comment by Olive Owner" }).click();
    await page.getByRole("textbox", { name: "Edit comment" }).fill("Looks great, ship it");
    await page.getByRole("button", { name: "Save comment" }).click();
    await expect(comment.getByTestId("comment-body")).toHaveText("Looks great, ship it");
    await expect(comment).toContainText("(edited)");
    // Deleting asks first, and can be undone.
    await comment.getByRole("button", { name: "Delete comment by Olive Owner" }).click();
    await page.getByRole("button", { name: "Yes, delete" }).click();
    await expect(page.locator("#main").getByTestId("comment")).toHaveCount(0);
    await page.locator("#main").getByTestId("comment-deleted").getByRole("button", { name: "Undo" }).click();
    await expect(page.locator("#main").getByTestId("comment").first().getByTestId("comment-body")).toHaveText("Looks great, ship it");
    await expect(page.locator("#main").getByTestId("comment-deleted")).toHaveCount(0);

    // History (owners and admins): who changed what, before → after.
    const history = page.getByTestId("task-history");
    await expect(
      history.getByTestId("history-entry").filter({ hasText: "edited the task" }).filter({ hasText: "Priority" }),
    ).toContainText("High");
    await expect(history).toContainText("Urgent");
    await expect(history.getByTestId("history-entry").filter({ hasText: "moved the task" })).toContainText(
      "In progress",
    );
    await expect(history).toContainText("created the task");
    await expect(history).toContainText("Design the new logo");
    await saveScreenshot(page, "task-detail-1280");
    await page.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(page, "task-detail-375");
    await page.setViewportSize({ width: 1280, height: 800 });

    // Delete → trash (after a confirmation) → restore.
    await page.getByRole("button", { name: "Move to trash" }).click();
    await page.getByRole("button", { name: "Yes, move to trash" }).click();
    await expect(page.getByTestId("task-trashed")).toContainText("This task is in the trash");
    await expect(page.getByRole("button", { name: "Edit title" })).toHaveCount(0);
    await page.goto("/app/tasks");
    await expect(rows(page)).toHaveCount(2);
    await page.getByRole("navigation", { name: "Task views" }).getByRole("link", { name: "Trash" }).click();
    await expect(page).toHaveURL(/[?&]view=trash/);
    await expect(rows(page)).toHaveCount(1);
    await saveScreenshot(page, "tasks-trash-1280");
    await page.getByRole("button", { name: "Restore Design the new logo" }).click();
    await expect(page.getByTestId("tasks-notice")).toContainText("Restored “Design the new logo”");
    await expect(page.getByRole("heading", { name: "The trash is empty" })).toBeVisible();
    await page.getByRole("navigation", { name: "Task views" }).getByRole("link", { name: "Tasks" }).click();
    await expect(rows(page)).toHaveCount(3);
  });

  test("a stale edit from a second browser shows who changed what, keeps the draft and saves it on request", async ({
    page,
    browser,
  }) => {
    test.setTimeout(90_000);
    const owner = await createAccount(page, "Casey Concurrent");
    await createOrganization(page, "Race Agency");
    const workspace = await createProject(page, "Race Agency");
    const task = await createTask(page, workspace, { title: "Original title", description: "First words" });
    const feed = await watchBoardFeed(page);
    await page.goto(`/app/tasks/${task.id}`);
    await expect(page.locator("#main").getByTestId("task-title")).toHaveText("Original title");
    await expect(page.locator("#main").getByTestId("board-live")).toHaveText("Live");

    // This page starts rewriting the description…
    await page.getByRole("button", { name: "Edit description" }).click();
    const draft = "My careful rewrite of the description";
    await page.getByRole("textbox", { name: "Description" }).fill(draft);

    // …while the same person in a second browser changes the title and the description first.
    const otherContext = await browser.newContext();
    const other = await otherContext.newPage();
    await signIn(other, owner.email);
    await expect(other).toHaveURL(/\/app$/);
    await other.goto(`/app/tasks/${task.id}`);
    await other.getByRole("button", { name: "Edit title" }).click();
    await other.getByRole("textbox", { name: "Title" }).fill("Title from the other tab");
    await other.getByRole("button", { name: "Save title" }).click();
    await expect(other.getByTestId("task-title")).toHaveText("Title from the other tab");
    const theirDescription = feed.next("the other tab's description", (item) => item.task?.description === "Their words");
    await other.getByRole("button", { name: "Edit description" }).click();
    await other.getByRole("textbox", { name: "Description" }).fill("Their words");
    await other.getByRole("button", { name: "Save description" }).click();
    await expect(other.getByTestId("task-description")).toHaveText("Their words");

    // The page is live: the new title shows at once, and the open draft is left alone.
    await theirDescription;
    await expect(page.locator("#main").getByTestId("task-title")).toHaveText("Title from the other tab");
    await expect(page.getByRole("textbox", { name: "Description" })).toHaveValue(draft);

    // The draft was written over the old description: saving it is a conflict, and nothing is lost.
    await page.getByRole("button", { name: "Save description" }).click();
    const notice = page.locator("#main").getByTestId("task-conflict");
    await expect(notice).toContainText("Someone else changed this task");
    await expect(notice.getByTestId("conflict-latest-title")).toHaveText("Title from the other tab");
    await expect(notice.getByTestId("conflict-latest-description")).toHaveText("Their words");
    await expect(notice.getByTestId("conflict-mine-description")).toHaveText(draft);
    await expect(page.getByRole("textbox", { name: "Description" })).toHaveValue(draft);
    await saveScreenshot(page, "task-conflict-1280");

    await notice.getByRole("button", { name: "Save my change anyway" }).click();
    await expect(notice).toBeHidden();
    await expect(page.locator("#main").getByTestId("task-description")).toHaveText(draft);
    await page.reload();
    await expect(page.locator("#main").getByTestId("task-title")).toHaveText("Title from the other tab");
    await expect(page.locator("#main").getByTestId("task-description")).toHaveText(draft);
    await otherContext.close();
  });

  test("an open task page shows another member's comment and field change live; the next edit saves", async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    await createAccount(page, "Liv Live");
    await createOrganization(page, "Live Agency");
    const workspace = await createProject(page, "Live Agency");
    const task = await createTask(page, workspace, { title: "Plan the launch", priority: "low" });
    const memberContext = await browser.newContext();
    const member = await memberContext.newPage();
    const max = await createAccount(member, "Max Member");
    await inviteAndAccept(page, member, max.email, "member");

    const feed = await watchBoardFeed(page);
    await page.goto(`/app/tasks/${task.id}`);
    await expect(page.locator("#main").getByTestId("task-title")).toHaveText("Plan the launch");
    await expect(page.locator("#main").getByTestId("board-live")).toHaveText("Live");
    const details = page.getByRole("complementary", { name: "Task details" });
    await expect(details.getByLabel("Priority")).toHaveValue("low");

    // The member comments on the task in their browser: it appears on the owner's open page.
    await member.goto(`/app/tasks/${task.id}`);
    const commented = feed.next("the member's comment", (item) => item.kind === "comment.created" && item.taskId === task.id);
    await member.getByRole("textbox", { name: "Add a comment" }).fill("Press kit is ready for review");
    await member.getByRole("textbox", { name: "Add a comment" }).press("Control+Enter");
    await expect(member.locator("#main").getByTestId("comment")).toHaveCount(1);
    await commented;
    await expect(page.locator("#main").getByTestId("comment")).toHaveCount(1);
    await expect(page.locator("#main").getByTestId("comment").getByTestId("comment-body")).toHaveText("Press kit is ready for review");
    await expect(page.locator("#main").getByTestId("comment")).toContainText("Max Member");

    // …and changes a field: the owner's page shows the new value without a reload.
    const changed = feed.next("the member's priority change", (item) => item.kind === "task.updated" && item.task?.priority === "urgent");
    await member.getByRole("complementary", { name: "Task details" }).getByLabel("Priority").selectOption("urgent");
    await expect(member.getByRole("complementary", { name: "Task details" }).getByLabel("Priority")).toBeEnabled();
    await changed;
    await expect(details.getByLabel("Priority")).toHaveValue("urgent");

    // The owner's next edit is made on the latest version: saved, no conflict.
    const moved = page.waitForResponse((response) => response.url().includes("tasks.move") && response.request().method() === "POST");
    await details.getByLabel("Status").selectOption("in_progress");
    expect((await moved).status()).toBe(200);
    await expect(details.getByLabel("Status")).toBeEnabled();
    await expect(page.locator("#main").getByTestId("task-conflict")).toHaveCount(0);
    await saveScreenshot(page, "task-live-1280");
    await page.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(page, "task-live-375");
    await memberContext.close();
  });

  test("a half-typed due date keeps the saved date and says so; only Clear removes it", async ({ page }) => {
    test.setTimeout(90_000);
    await createAccount(page, "Dee Dates");
    await createOrganization(page, "Dates Agency");
    const workspace = await createProject(page, "Dates Agency");
    const task = await createTask(page, workspace, { title: "File the report", dueDate: "2026-12-31" });
    await page.goto(`/app/tasks/${task.id}`);
    const details = page.getByRole("complementary", { name: "Task details" });
    const due = details.getByLabel("Due date", { exact: true });
    await expect(due).toHaveValue("2026-12-31");

    const saves: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("tasks.update")) saves.push(request.postData() ?? "");
    });
    // Clear the year (month → day → year, then Backspace) and press Enter.
    await due.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Backspace");
    await expect(due).toHaveValue("");
    await page.keyboard.press("Enter");
    await expect(details.getByRole("alert")).toHaveText(
      "The date is incomplete, so the due date stays 31 Dec 2026. Finish the date, or press Cancel.",
    );
    await expect(due).toHaveAttribute("aria-invalid", "true");
    await saveScreenshot(page, "task-due-incomplete-1280");
    await page.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(page, "task-due-incomplete-375");
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(saves, "no save was sent for the half-typed date").toEqual([]);
    await page.reload();
    await expect(due).toHaveValue("2026-12-31");
    // Cancel drops a draft without saving anything.
    await due.fill("2027-01-15");
    await details.getByRole("button", { name: "Cancel" }).click();
    await expect(due).toHaveValue("2026-12-31");
    expect(saves).toEqual([]);

    // Clearing is its own, explicit action.
    const saved = page.waitForResponse((response) => response.url().includes("tasks.update") && response.request().method() === "POST");
    await details.getByRole("button", { name: "Clear" }).click();
    expect((await saved).status()).toBe(200);
    await expect(due).toHaveValue("");
    await page.reload();
    await expect(due).toHaveValue("");
    await expect(details.getByRole("button", { name: "Clear" })).toHaveCount(0);
  });

  test("a viewer reads a task without edit controls or a comment box; other organizations' tasks are not found", async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    await createAccount(page, "Owen Owner");
    await createOrganization(page, "Viewed Agency");
    const workspace = await createProject(page, "Viewed Agency");
    const task = await createTask(page, workspace, {
      title: "Read-only task",
      description: "Some _notes_",
      labels: ["ops"],
    });
    await apiMutation(page, "comments.create", {
      orgId: workspace.orgId,
      taskId: task.id,
      body: "A comment from the owner",
    });

    // The viewer owns an organization of their own, with a task the other organization must not reveal.
    const viewerContext = await browser.newContext();
    const viewer = await viewerContext.newPage();
    const vera = await createAccount(viewer, "Vera Viewer");
    await createOrganization(viewer, "Vera Home");
    const own = await createProject(viewer, "Vera Home", "Private project");
    const ownTask = await createTask(viewer, own, { title: "Vera's private task" });
    await inviteAndAccept(page, viewer, vera.email, "viewer");

    await viewer.goto(`/app/tasks/${task.id}`);
    await expect(viewer.locator("#main").getByTestId("task-title")).toHaveText("Read-only task");
    await expect(viewer.locator("#main").getByTestId("task-description").locator("em")).toHaveText("notes");
    await expect(viewer.getByTestId("task-fields-read-only")).toContainText("To do");
    await expect(viewer.locator("#main").getByTestId("comment")).toContainText("A comment from the owner");
    await expect(viewer.getByTestId("comments-read-only")).toBeVisible();
    await expect(viewer.getByTestId("history-restricted")).toBeVisible();
    await expect(viewer.getByRole("button", { name: /Edit/ })).toHaveCount(0);
    await expect(viewer.getByRole("button", { name: /Delete|Move to trash/ })).toHaveCount(0);
    await expect(viewer.getByRole("combobox")).toHaveCount(0);
    await expect(viewer.getByRole("textbox")).toHaveCount(0);
    await saveScreenshot(viewer, "task-detail-viewer-1280");

    await viewer.goto("/app/tasks");
    await expect(rows(viewer)).toHaveCount(1);
    await expect(viewer.getByRole("button", { name: "New task" })).toHaveCount(0);
    await viewer.getByRole("navigation", { name: "Task views" }).getByRole("link", { name: "Trash" }).click();
    await expect(viewer.getByRole("heading", { name: "The trash is empty" })).toBeVisible();

    // Another organization's task (the viewer's own, while this one is active) and a made-up id: not found.
    await viewer.goto(`/app/tasks/${ownTask.id}`);
    await expect(viewer.getByRole("heading", { name: "Task not found" })).toBeVisible();
    await viewer.goto("/app/tasks/00000000-0000-4000-8000-000000000000");
    await expect(viewer.getByRole("heading", { name: "Task not found" })).toBeVisible();
    await viewer.goto("/app/tasks/not-a-task");
    await expect(viewer.getByRole("heading", { name: "Task not found" })).toBeVisible();
    await viewerContext.close();
  });
});
