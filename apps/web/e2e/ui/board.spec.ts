import { expect, test, type Locator, type Page } from "@playwright/test";
import { createAccount } from "../support/accounts";
import { apiMutation, apiMutationStatus, orgIdByName } from "../support/api";
import { taskIn, watchBoardFeed } from "../support/board-feed";
import { createOrganization, inviteAndAccept } from "../support/organizations";
import { saveScreenshot } from "../support/screenshots";

interface Seeded {
  orgId: string;
  projectId: string;
  tasks: { id: string; title: string; version: number }[];
}

/**
 * Scoped to #main: the board now comes with the page (server-rendered), and while React reveals a
 * streamed page it briefly holds a second, hidden copy outside #main (strict-mode violations).
 */
const column = (page: Page, status: "todo" | "in_progress" | "review" | "done") => page.locator("#main").getByTestId(`column-${status}`);
const card = (scope: Page | Locator, title: string) => scope.getByTestId("task-card").filter({ hasText: title });

/**
 * Opens the board and waits until its stream is open (events sent from now on reach it); returns
 * the page's view of that stream, to wait for a live event itself instead of a timer.
 */
async function openBoard(page: Page, projectId: string) {
  const feed = await watchBoardFeed(page);
  await page.goto(`/app/projects/${projectId}`);
  await expect(page.locator("#main").getByTestId("board-live")).toHaveText("Live");
  return feed;
}

/**
 * Resolves once `element` stays put for three animation frames in a row: after a drop, dnd-kit slides
 * the cards left behind into their new places (a transform transition), and a pointer aimed at a
 * box measured mid-slide lands on nothing.
 */
const settled = (element: Locator) =>
  element.evaluate(
    (node) =>
      new Promise<void>((resolve) => {
        let last = "";
        let still = 0;
        const frame = () => {
          const box = JSON.stringify(node.getBoundingClientRect());
          still = box === last ? still + 1 : 0;
          last = box;
          if (still >= 3) resolve();
          else requestAnimationFrame(frame);
        };
        frame();
      }),
  );

/** The response of the next tasks.move call (the move request completing). */
const nextMove = (page: Page) =>
  page.waitForResponse((response) => response.url().includes("tasks.move") && response.request().method() === "POST");

async function dragTo(page: Page, source: Locator, target: Locator) {
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error("drag source or target not on screen");
  // Grab the card below its title link (a link would start the browser's own link drag).
  await page.mouse.move(from.x + from.width / 2, from.y + from.height - 10);
  await page.mouse.down();
  // Past the 6 px activation distance, then onto the target in steps so collisions are computed.
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height - 20, { steps: 12 });
  await page.mouse.up();
}

test.describe("project board", () => {
  test("two members see each other's moves live; viewers read only; other orgs get not found", async ({
    page,
    browser,
  }) => {
    test.setTimeout(300_000);
    // Owner: an organization with a client, a project made through the form, and tasks.
    await createAccount(page, "Olga Owner");
    await createOrganization(page, "Kanban Works");
    const orgId = await orgIdByName(page, "Kanban Works");
    await apiMutation(page, "clients.create", { orgId, name: "Northwind" });

    await page.goto("/app/projects");
    await expect(page.getByRole("heading", { name: "No projects yet" })).toBeVisible();
    await page.getByRole("button", { name: "New project" }).first().click();
    await page.getByRole("button", { name: "Create project" }).click();
    await expect(page.getByLabel("Project name")).toHaveAccessibleDescription("Name is required");
    await expect(page.getByLabel("Client", { exact: true })).toHaveAccessibleDescription("Choose a client");
    await page.getByLabel("Project name").fill("Website relaunch");
    await page.getByLabel("Client", { exact: true }).selectOption({ label: "Northwind" });
    await page.getByLabel("Budget").fill("12,500.999");
    await page.getByRole("button", { name: "Create project" }).click();
    await expect(page.getByLabel("Budget")).toHaveAccessibleDescription("Use at most 2 decimals");
    await page.getByLabel("Budget").fill("12,500.50");
    await page.getByRole("button", { name: "Create project" }).click();
    await expect(page.getByTestId("project-created")).toContainText("Created Website relaunch.");
    const row = page.getByTestId("project-row").filter({ hasText: "Website relaunch" });
    await expect(row.getByTestId("project-budget")).toHaveText("$12,500.50");
    await row.getByRole("link", { name: "Website relaunch" }).click();
    await expect(page).toHaveURL(/\/app\/projects\/[0-9a-f-]{36}$/);
    const projectId = page.url().split("/").pop() ?? "";

    const seeded: Seeded = { orgId, projectId, tasks: [] };
    for (const [title, extra] of [
      ["Draft sitemap", { priority: "high", labels: ["ux"], dueDate: "2020-01-31" }],
      ["Write copy", { priority: "low" }],
      ["Pick fonts", {}],
    ] as const) {
      const task = await apiMutation<{ id: string; title: string; version: number }>(page, "tasks.create", {
        orgId,
        projectId,
        title,
        ...extra,
      });
      seeded.tasks.push(task);
    }

    // A member and a viewer join; a stranger has an organization of their own.
    const memberContext = await browser.newContext();
    const member = await memberContext.newPage();
    const mia = await createAccount(member, "Mia Member");
    await inviteAndAccept(page, member, mia.email, "member");
    const viewerContext = await browser.newContext();
    const viewer = await viewerContext.newPage();
    const vic = await createAccount(viewer, "Vic Viewer");
    await inviteAndAccept(page, viewer, vic.email, "viewer");

    const ownerFeed = await openBoard(page, projectId);
    const memberFeed = await openBoard(member, projectId);
    await expect(card(column(page, "todo"), "Draft sitemap")).toBeVisible();
    await expect(card(column(page, "todo"), "Draft sitemap").getByTestId("task-overdue")).toBeVisible();
    await expect(
      card(column(member, "todo"), "Draft sitemap").getByRole("link", { name: "Draft sitemap" }),
    ).toHaveAttribute("href", `/app/tasks/${seeded.tasks[0]?.id}`);

    // Quick add by the member: the owner sees it arrive.
    await column(member, "todo").getByRole("button", { name: "Add task to To do" }).click();
    await member.getByLabel("Title of the new task in To do").fill("Set up analytics");
    const analyticsArrives = ownerFeed.next("Set up analytics created", taskIn("Set up analytics", "todo"));
    await member.getByLabel("Title of the new task in To do").press("Enter");
    await expect(card(column(member, "todo"), "Set up analytics")).toBeVisible();
    await analyticsArrives;
    await expect(card(column(page, "todo"), "Set up analytics")).toBeVisible();
    await member.getByLabel("Title of the new task in To do").press("Escape");

    // Keyboard: the member opens the Move menu of "Draft sitemap", arrows to "Move to Review", Enter.
    await member.getByRole("button", { name: "Move Draft sitemap" }).focus();
    await member.keyboard.press("Enter");
    const menu = member.getByRole("menu", { name: "Move Draft sitemap" });
    await expect(menu.getByRole("menuitem").first()).toBeFocused();
    await expect(menu.getByRole("menuitem")).toHaveText([
      "Move down",
      "Move to In progress",
      "Move to Review",
      "Move to Done",
    ]);
    await member.keyboard.press("ArrowDown");
    await member.keyboard.press("ArrowDown");
    await expect(menu.getByRole("menuitem", { name: "Move to Review" })).toBeFocused();
    let moved = nextMove(member);
    const sitemapToReview = ownerFeed.next("Draft sitemap moved to Review", taskIn("Draft sitemap", "review"));
    await member.keyboard.press("Enter");
    // Optimistic: in the member's Review column before the server answers.
    await expect(card(column(member, "review"), "Draft sitemap")).toBeVisible();
    expect((await moved).status()).toBe(200);
    // Live: the owner's stream delivers the move, and the owner's board shows it.
    await sitemapToReview;
    await expect(card(column(page, "review"), "Draft sitemap")).toBeVisible();
    await expect(card(column(page, "todo"), "Draft sitemap")).toHaveCount(0);
    // Focus stays on the moved card's Move button, so the next move is one key away.
    await expect(member.getByRole("button", { name: "Move Draft sitemap" })).toBeFocused();

    // Within a column: "Pick fonts" one step up (menu via the keyboard).
    await member.getByRole("button", { name: "Move Pick fonts" }).focus();
    await member.keyboard.press("Enter");
    moved = nextMove(member);
    const fontsUp = ownerFeed.next("Pick fonts moved up", taskIn("Pick fonts", "todo", "task.moved"));
    await member
      .getByRole("menu", { name: "Move Pick fonts" })
      .getByRole("menuitem", { name: "Move up" })
      .press("Enter");
    expect((await moved).status()).toBe(200);
    await fontsUp;
    await expect(column(page, "todo").getByTestId("task-title")).toHaveText(["Pick fonts", "Write copy", "Set up analytics"]);

    // Drag: the owner drags "Write copy" into In progress; the member sees it there.
    moved = nextMove(page);
    const copyToInProgress = memberFeed.next("Write copy moved to In progress", taskIn("Write copy", "in_progress"));
    await dragTo(page, card(column(page, "todo"), "Write copy"), column(page, "in_progress"));
    await expect(card(column(page, "in_progress"), "Write copy")).toBeVisible();
    expect((await moved).status()).toBe(200);
    await copyToInProgress;
    await expect(card(column(member, "in_progress"), "Write copy")).toBeVisible();
    await expect(card(column(member, "todo"), "Write copy")).toHaveCount(0);

    await saveScreenshot(page, "board-1280");
    await member.setViewportSize({ width: 375, height: 812 });
    await expect(column(member, "todo")).toBeVisible();
    const overflow = await member.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "page-wide horizontal overflow at 375 px (the board scrolls inside itself)").toBeLessThanOrEqual(
      0,
    );
    await saveScreenshot(member, "board-375");

    // The viewer: the same board, no move or add controls, and the API refuses a move.
    const viewerFeed = await openBoard(viewer, projectId);
    await expect(viewer.getByTestId("board-read-only")).toBeVisible();
    await expect(card(column(viewer, "review"), "Draft sitemap")).toBeVisible();
    await expect(viewer.getByRole("button", { name: /^Move / })).toHaveCount(0);
    await expect(viewer.getByRole("button", { name: /^Drag / })).toHaveCount(0);
    await expect(viewer.getByRole("button", { name: /^Add a task/ })).toHaveCount(0);
    const sitemap = seeded.tasks[0];
    const refused = await apiMutationStatus(viewer, "tasks.move", {
      orgId,
      taskId: sitemap?.id,
      expectedVersion: 1,
      status: "done",
      afterTaskId: null,
    });
    expect(refused, "viewer moving a task").toBe(403);
    // …and still sees the others' moves live.
    moved = nextMove(member);
    const sitemapToDone = viewerFeed.next("Draft sitemap moved to Done", taskIn("Draft sitemap", "done"));
    await member.setViewportSize({ width: 1280, height: 800 });
    await member.getByRole("button", { name: "Move Draft sitemap" }).click();
    await member.getByRole("menuitem", { name: "Move to Done" }).click();
    expect((await moved).status()).toBe(200);
    await sitemapToDone;
    await expect(card(column(viewer, "done"), "Draft sitemap")).toBeVisible();
    await saveScreenshot(viewer, "board-viewer-1280");

    // A member of another organization opening the URL: not found.
    const strangerContext = await browser.newContext();
    const stranger = await strangerContext.newPage();
    await createAccount(stranger, "Sid Stranger");
    await createOrganization(stranger, "Elsewhere Ltd");
    await stranger.goto(`/app/projects/${projectId}`);
    await expect(stranger.getByTestId("board-not-found")).toContainText("Project not found");
    await expect(stranger.getByTestId("task-card")).toHaveCount(0);

    await Promise.all([memberContext.close(), viewerContext.close(), strangerContext.close()]);
  });

  test("a card dragged by its grip lands in the column under the pointer; comment counts follow live", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await createAccount(page, "Greta Grip");
    await createOrganization(page, "Grip Studio");
    const orgId = await orgIdByName(page, "Grip Studio");
    const client = await apiMutation<{ id: string }>(page, "clients.create", { orgId, name: "Umbrella" });
    const project = await apiMutation<{ id: string }>(page, "projects.create", {
      orgId,
      clientId: client.id,
      name: "Annual report",
    });
    const tasks: Record<string, { id: string }> = {};
    for (const title of ["Collect figures", "Draft chapters", "Order print"]) {
      tasks[title] = await apiMutation<{ id: string }>(page, "tasks.create", { orgId, projectId: project.id, title });
    }
    const feed = await openBoard(page, project.id);

    /**
     * Drags `title` by its ⠿ grip (where a person grabs it) with real mouse moves, and lets go at
     * `at` (a fraction across and a point down the target): the drag preview is wider than a
     * column and reaches into the next one, but the pointer decides.
     */
    async function dragByGrip(title: string, target: Locator, across: number, down: number) {
      const grip = page.locator("#main").getByRole("button", { name: `Drag ${title}`, exact: true });
      await settled(grip);
      await settled(target);
      const from = await grip.boundingBox();
      const to = await target.boundingBox();
      if (!from || !to) throw new Error("grip or target not on screen");
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 4, { steps: 3 });
      await page.mouse.move(to.x + to.width * across, to.y + down, { steps: 15 });
      await page.mouse.up();
    }

    // Into an empty column: the pointer is right of its middle, the preview reaches into Review.
    let moved = nextMove(page);
    let arrived = feed.next("Draft chapters moved to In progress", taskIn("Draft chapters", "in_progress", "task.moved"));
    await dragByGrip("Draft chapters", column(page, "in_progress"), 0.6, 90);
    expect((await moved).status()).toBe(200);
    await arrived;
    await expect(card(column(page, "in_progress"), "Draft chapters")).toBeVisible();
    await expect(card(column(page, "review"), "Draft chapters")).toHaveCount(0);

    // Onto a card: it lands in that card's column.
    await expect(column(page, "todo").getByTestId("task-card")).toHaveCount(2);
    await settled(card(column(page, "in_progress"), "Draft chapters"));
    moved = nextMove(page);
    arrived = feed.next("Order print moved to In progress", taskIn("Order print", "in_progress", "task.moved"));
    const onto = await card(column(page, "in_progress"), "Draft chapters").boundingBox();
    const inProgress = await column(page, "in_progress").boundingBox();
    if (!onto || !inProgress) throw new Error("card not on screen");
    await dragByGrip("Order print", column(page, "in_progress"), 0.6, onto.y - inProgress.y + onto.height / 2);
    expect((await moved).status()).toBe(200);
    await arrived;
    await expect(column(page, "in_progress").getByTestId("task-title")).toHaveCount(2);
    await expect(card(column(page, "in_progress"), "Order print")).toBeVisible();
    await expect(card(column(page, "review"), "Order print")).toHaveCount(0);

    // A comment (here from another tab, through the API): the card's count follows without a reload,
    // drawn with an inline icon rather than a font glyph.
    const collect = card(column(page, "todo"), "Collect figures");
    await expect(collect.getByTestId("task-comment-count")).toHaveCount(0);
    const commented = feed.next("comment on Collect figures", (item) => item.kind === "comment.created");
    await apiMutation(page, "comments.create", { orgId, taskId: tasks["Collect figures"]?.id, body: "Numbers are in" });
    await commented;
    const count = collect.getByTestId("task-comment-count");
    await expect(count.getByText("1 comment", { exact: true })).toHaveCount(1);
    await expect(count.locator('[aria-hidden="true"]').last()).toHaveText("1");
    await expect(count.locator("svg")).toBeVisible();
    await saveScreenshot(page, "board-grip-drag-1280");
    await page.setViewportSize({ width: 375, height: 812 });
    await expect(collect.getByTestId("task-comment-count")).toBeVisible();
    await saveScreenshot(page, "board-grip-drag-375");
  });

  test("a move that lost a race shows the latest card and says so; a refused move rolls back", async ({ page }) => {
    test.setTimeout(120_000);
    await createAccount(page, "Rita Racer");
    await createOrganization(page, "Race Condition Co");
    const orgId = await orgIdByName(page, "Race Condition Co");
    const client = await apiMutation<{ id: string }>(page, "clients.create", { orgId, name: "Globex" });
    const project = await apiMutation<{ id: string }>(page, "projects.create", {
      orgId,
      clientId: client.id,
      name: "Rebrand",
    });
    const task = await apiMutation<{ id: string; version: number }>(page, "tasks.create", {
      orgId,
      projectId: project.id,
      title: "Logo sketches",
    });

    // This page gets no live events (its stream is blocked), so its card goes stale.
    await page.route("**/api/trpc/board.events**", (route) => route.abort());
    await page.goto(`/app/projects/${project.id}`);
    await expect(card(column(page, "todo"), "Logo sketches")).toBeVisible();
    await apiMutation(page, "tasks.move", {
      orgId,
      taskId: task.id,
      expectedVersion: task.version,
      status: "review",
      afterTaskId: null,
    });

    const moved = nextMove(page);
    await page.getByRole("button", { name: "Move Logo sketches" }).click();
    await page.getByRole("menuitem", { name: "Move to In progress" }).click();
    expect((await moved).status()).toBe(409);
    await expect(page.getByTestId("board-toast")).toContainText("was changed by someone else just now");
    await expect(card(column(page, "review"), "Logo sketches")).toBeVisible();
    await expect(card(column(page, "in_progress"), "Logo sketches")).toHaveCount(0);
    await saveScreenshot(page, "board-conflict-1280");

    // The API failing for another reason (here: a 500 answer): the card goes back where it was.
    await page.getByRole("button", { name: "Dismiss" }).click();
    await page.route("**/api/trpc/tasks.move**", (route) =>
      route.fulfill({
        status: 500,
        contentType: "application/json",
        body: JSON.stringify([
          { error: { message: "Something broke", code: -32603, data: { code: "INTERNAL_ERROR", httpStatus: 500 } } },
        ]),
      }),
    );
    await page.getByRole("button", { name: "Move Logo sketches" }).click();
    await page.getByRole("menuitem", { name: "Move to Done" }).click();
    await expect(page.getByTestId("board-toast")).toContainText("Couldn't move “Logo sketches” to Done");
    await expect(card(column(page, "review"), "Logo sketches")).toBeVisible();
    await expect(card(column(page, "done"), "Logo sketches")).toHaveCount(0);
  });

  test("projects list: filters in the URL, load more, edit conflict, trash and restore", async ({ page }) => {
    test.setTimeout(180_000);
    await createAccount(page, "Paula Planner");
    await createOrganization(page, "Portfolio Partners");
    const orgId = await orgIdByName(page, "Portfolio Partners");
    const acme = await apiMutation<{ id: string }>(page, "clients.create", { orgId, name: "Acme" });
    const initech = await apiMutation<{ id: string }>(page, "clients.create", { orgId, name: "Initech" });
    const mobile = await apiMutation<{ id: string; version: number }>(page, "projects.create", {
      orgId,
      clientId: initech.id,
      name: "Mobile app",
      status: "on_hold",
      budgetMinor: 9_900_000,
      currency: "EUR",
      startDate: "2026-12-01",
      dueDate: "2027-03-31",
    });
    for (let index = 1; index <= 25; index += 1) {
      await apiMutation(page, "projects.create", {
        orgId,
        clientId: acme.id,
        name: `Campaign ${String(index).padStart(2, "0")}`,
      });
    }

    await page.goto("/app/projects");
    await expect(page.getByTestId("project-row")).toHaveCount(25);
    await expect(page.getByTestId("projects-count")).toHaveText("Showing the first 25");
    await page.getByRole("button", { name: "Load more" }).click();
    await expect(page.getByTestId("project-row")).toHaveCount(26);
    const mobileRow = page.getByTestId("project-row").filter({ hasText: "Mobile app" });
    await expect(mobileRow.getByTestId("project-budget")).toHaveText("€99,000.00");
    await expect(mobileRow).toContainText("Initech");
    await expect(mobileRow).toContainText("On hold");
    await saveScreenshot(page, "projects-1280");

    // Filters go to the URL and come back from it.
    await page.getByLabel("Filter by client").selectOption({ label: "Initech" });
    await expect(page).toHaveURL(new RegExp(`client=${initech.id}`));
    await expect(page.getByTestId("project-row")).toHaveCount(1);
    await page.getByLabel("Filter by client").selectOption({ label: "All clients" });
    await page.getByLabel("Search projects").fill("campaign 1");
    await expect(page).toHaveURL(/q=campaign\+1/);
    await expect(page.getByTestId("project-row")).toHaveCount(10);
    await page.getByLabel("Filter by status").selectOption("on_hold");
    await expect(page.getByRole("heading", { name: "No projects match" })).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Filter by status")).toHaveValue("on_hold");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(page.getByTestId("project-row")).toHaveCount(25);

    // Edit against a stale version: the conflict offers the latest one.
    await page.getByLabel("Sort projects").selectOption("newest");
    await page.goto(`/app/projects?client=${initech.id}`);
    await page.getByRole("button", { name: "Edit Mobile app" }).click();
    const form = page.getByRole("form", { name: /^Edit Mobile app/ });
    await expect(form.getByLabel("Budget")).toHaveValue("99000.00");
    await form.getByLabel("Project name").fill("Mobile app v2");
    await apiMutation(page, "projects.update", {
      orgId,
      projectId: mobile.id,
      expectedVersion: mobile.version,
      patch: { name: "Mobile app (phase 1)" },
    });
    await form.getByRole("button", { name: "Save changes" }).click();
    await expect(form.getByTestId("project-conflict")).toContainText("Someone else changed this project");
    await expect(form.getByTestId("project-conflict")).toContainText("Mobile app (phase 1)");
    await form.getByRole("button", { name: "Load latest version" }).click();
    await expect(form.getByLabel("Project name")).toHaveValue("Mobile app (phase 1)");
    await form.getByLabel("Budget").fill("100000");
    await form.getByRole("button", { name: "Save changes" }).click();
    const renamed = page.getByTestId("project-row").filter({ hasText: "Mobile app (phase 1)" });
    await expect(renamed.getByTestId("project-budget")).toHaveText("€100,000.00");

    // Trash and restore.
    await page.getByRole("button", { name: "Delete Mobile app (phase 1)" }).click();
    await page.getByRole("button", { name: "Move to trash" }).click();
    await expect(page.getByTestId("projects-notice")).toContainText("Moved Mobile app (phase 1) to the trash.");
    await expect(page.getByTestId("project-row")).toHaveCount(0);
    await page.getByRole("link", { name: "Trash" }).click();
    await expect(page).toHaveURL(/view=trash/);
    await expect(page.getByTestId("project-trash-row")).toContainText("Mobile app (phase 1)");
    await page.setViewportSize({ width: 375, height: 812 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "horizontal overflow at 375 px").toBeLessThanOrEqual(0);
    await saveScreenshot(page, "projects-trash-375");
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole("button", { name: "Restore Mobile app (phase 1)" }).click();
    await expect(page.getByTestId("projects-notice")).toContainText("Restored Mobile app (phase 1).");
    await page.getByRole("navigation", { name: "Project views" }).getByRole("link", { name: "Projects" }).click();
    await expect(page.getByTestId("project-row").filter({ hasText: "Mobile app (phase 1)" })).toBeVisible();
  });
});
