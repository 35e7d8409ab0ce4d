import type { TaskDto } from "@agency/validators";
import { expect, test, type Page } from "@playwright/test";
import { createAccount } from "../support/accounts";
import { apiMutation, orgIdByName } from "../support/api";
import { createOrganization, inviteAndAccept } from "../support/organizations";
import { saveScreenshot } from "../support/screenshots";

/** `YYYY-MM-DD` in the browser's time zone, shifted by `days` (My work groups by the viewer's day). */
async function localDay(page: Page, days = 0): Promise<string> {
  return page.evaluate((offset) => {
    const d = new Date();
    d.setDate(d.getDate() + offset);
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }, days);
}

// Page content is looked up inside #main: while a streamed page is swapped in, React briefly holds a
// second, hidden copy of it.
const bell = (page: Page) => page.getByTestId("notification-bell");
const unread = (page: Page) => page.getByTestId("unread-count");

test.describe("my work and notifications", () => {
  test("B mentions A in a comment: A's unread count updates live, A opens the inbox, follows the link, it is read; My work groups A's tasks", async ({
    page,
    browser,
  }) => {
    // Two accounts, an invitation and the whole flow in two browsers: longer than one page's test.
    test.setTimeout(120_000);
    // A: owner of the organization, with a project and tasks assigned to herself.
    await createAccount(page, "Ada Owner");
    await createOrganization(page, "Mention Works");
    const orgId = await orgIdByName(page, "Mention Works");
    const me = await apiMutation<{ id: string }>(page, "clients.create", { orgId, name: "Acme Corp" });
    const project = await apiMutation<{ id: string }>(page, "projects.create", {
      orgId,
      clientId: me.id,
      name: "Relaunch",
    });
    const members = await page.request.get(
      `/api/trpc/members.list?input=${encodeURIComponent(JSON.stringify({ orgId }))}`,
    );
    const adaId = ((await members.json()) as { result: { data: { userId: string }[] } }).result.data[0]!.userId;
    const task = (title: string, dueDate: string | null) =>
      apiMutation<TaskDto>(page, "tasks.create", { orgId, projectId: project.id, title, assigneeId: adaId, dueDate });
    const today = await task("Write the brief", await localDay(page));
    await task("Send the invoice", await localDay(page, -2));
    await task("Plan the kickoff", await localDay(page, 3));
    await task("Someday idea", null);

    // B: a member, in a second browser.
    const bContext = await browser.newContext();
    const b = await bContext.newPage();
    const ben = await createAccount(b, "Ben Member");
    await inviteAndAccept(page, b, ben.email, "member");

    // My work shows A's tasks under the right groups; nothing unread yet.
    await page.goto("/app");
    await expect(page.getByRole("heading", { level: 1, name: "My work" })).toBeVisible();
    await expect(page.locator("#main").getByTestId("dashboard-org-name")).toHaveText("Mention Works");
    await expect(page.locator("#main").getByTestId("my-work-today").getByTestId("my-work-task")).toHaveText([
      /Write the brief/,
    ]);
    await expect(page.locator("#main").getByTestId("my-work-overdue").getByTestId("my-work-task")).toHaveText([
      /Send the invoice/,
    ]);
    await expect(page.locator("#main").getByTestId("my-work-thisWeek").getByTestId("my-work-task")).toHaveText([
      /Plan the kickoff/,
    ]);
    await expect(page.locator("#main").getByTestId("my-work-later").getByTestId("my-work-task")).toHaveText([
      /Someday idea/,
    ]);
    await expect(bell(page)).toHaveAccessibleName("Notifications, none unread");
    await expect(unread(page)).toHaveCount(0);
    await saveScreenshot(page, "my-work-1280");

    // B writes a comment on the task and mentions A through the autocomplete (keyboard only).
    await b.goto(`/app/tasks/${today.id}`);
    const box = b.getByRole("textbox", { name: "Add a comment" });
    await box.fill("Could you review this, ");
    await box.pressSequentially("@Ad");
    const options = b.getByTestId("mention-options");
    await expect(options.getByRole("option")).toHaveText(["Ada Owner"]);
    await b.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(b, "mention-autocomplete-375");
    await b.setViewportSize({ width: 1280, height: 720 });
    await box.press("Enter");
    await expect(box).toHaveValue("Could you review this, @Ada Owner ");
    await box.pressSequentially("before Friday?");
    await b.getByRole("button", { name: "Comment", exact: true }).click();
    const posted = b.locator("#main").getByTestId("comment-body").last();
    await expect(posted).toContainText("Could you review this, @Ada Owner before Friday?");
    await expect(posted.locator("[data-mention]")).toHaveText("@Ada Owner");

    // A, who did not reload: the unread count arrives over the live stream.
    await expect(unread(page)).toHaveText("1");
    await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread");
    // My work lists the mention too (refreshed by the same stream).
    await expect(page.locator("#main").getByTestId("my-work-mentions")).toContainText("Ben Member on Write the brief");

    // A opens the inbox from the top bar.
    await bell(page).click();
    await expect(page).toHaveURL(/\/app\/notifications$/);
    const item = page.locator("#main").getByTestId("inbox-item").first();
    await expect(item).toContainText("Ben Member mentioned you on Write the brief");
    await expect(item).toHaveAttribute("data-unread", "true");
    await saveScreenshot(page, "inbox-1280");
    await page.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(page, "inbox-375");
    await page.setViewportSize({ width: 1280, height: 720 });

    // Following the link opens the task at the comment, and marks the notification read.
    await item.getByRole("link", { name: "Write the brief" }).click();
    await expect(page).toHaveURL(new RegExp(`/app/tasks/${today.id}#comment-`));
    await expect(page.locator("#main").getByTestId("comment-body").last().locator("[data-mention]")).toHaveText(
      "@Ada Owner",
    );
    await expect(unread(page)).toHaveCount(0);
    await page.goto("/app/notifications");
    await expect(page.locator("#main").getByTestId("inbox-item").first()).toHaveAttribute("data-unread", "false");
    await expect(page.locator("#main").getByTestId("inbox-unread")).toHaveText("Nothing unread");

    // B assigns A another task and moves the first one: two more, live; "Mark all read" clears them.
    const second = await apiMutation<TaskDto>(b, "tasks.create", {
      orgId,
      projectId: project.id,
      title: "Review the copy",
      assigneeId: adaId,
    });
    await expect(unread(page)).toHaveText("1");
    await apiMutation(b, "tasks.move", {
      orgId,
      taskId: second.id,
      expectedVersion: second.version,
      status: "review",
      afterTaskId: null,
    });
    // A created nothing of "Review the copy" and B assigned it: A follows it as the assignee.
    await expect(unread(page)).toHaveText("2");
    await expect(page.locator("#main").getByTestId("inbox-item").first()).toContainText(
      "Ben Member moved Review the copy to Review",
    );
    await page.getByRole("button", { name: "Mark all read" }).click();
    await expect(unread(page)).toHaveCount(0);
    await expect(page.locator('#main [data-testid="inbox-item"][data-unread="true"]')).toHaveCount(0);

    // "Me" in the tasks list's assignee filter, bound to the URL like the other filters.
    await page.goto("/app/tasks");
    const assignee = page.getByRole("search", { name: "Filter tasks" }).getByLabel("Assignee");
    await assignee.selectOption("me");
    await expect(page).toHaveURL(/assignee=me/);
    await expect(page.locator("#main").getByTestId("tasks-table").getByTestId("task-row")).toHaveCount(5);
    await page.reload();
    await expect(assignee).toHaveValue("me");

    // The home page at phone width.
    await page.goto("/app");
    await page.setViewportSize({ width: 375, height: 812 });
    await expect(page.locator("#main").getByTestId("my-work-today")).toBeVisible();
    await saveScreenshot(page, "my-work-375");
    await bContext.close();
  });

  test("preferences are saved per kind; the unsubscribe page works signed out, asks first, and refuses a forged link", async ({
    page,
    browser,
  }) => {
    await createAccount(page, "Pia Prefs");
    await page.goto("/app/settings");
    const mentionsInApp = page.getByLabel("Mentions in the app");
    await expect(mentionsInApp).toBeChecked();
    await expect(page.getByLabel("Mentions by email")).toBeChecked();
    await expect(page.getByLabel("Comments by email")).not.toBeChecked();
    await page.getByLabel("Comments by email").check();
    await expect(page.getByLabel("Comments by email")).toBeChecked();
    await page.reload();
    await expect(page.getByLabel("Comments by email")).toBeChecked();
    await page.locator("#notifications").scrollIntoViewIfNeeded();
    await saveScreenshot(page, "notification-settings-1280");

    // A signed-out browser with a forged link: a clear refusal, nothing changed.
    const other = await (await browser.newContext()).newPage();
    await other.goto("/unsubscribe/dev~forged-token-value");
    await expect(other.getByRole("heading", { name: "Stop notification emails?" })).toBeVisible();
    await other.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(other, "unsubscribe-375");
    await other.getByRole("button", { name: "Unsubscribe from emails" }).click();
    await expect(other.locator("#main").getByTestId("unsubscribe-invalid")).toBeVisible();
    await other.context().close();
  });
});
