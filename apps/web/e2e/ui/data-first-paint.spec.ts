/**
 * The tasks list and a project board come with their data: the first task is in the server's HTML
 * response itself (not fetched by the browser after hydration). How long after navigation the
 * first row / card is visible is printed (navigation timing in the page), never asserted — speed
 * is measured, not timed in a test.
 */
import { expect, test, type Page } from "@playwright/test";
import { apiMutation } from "../support/api";
import { newContext, seedWorkspace, SEEDED_TASKS, type SeededWorkspace } from "../support/seed-workspace";

let seed: SeededWorkspace;

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(120_000);
  seed = await seedWorkspace(browser, "First Paint Agency");
});

/**
 * Milliseconds from navigation start (the page's time origin) to the first frame in which
 * `selector` matches a visible element, read inside the page.
 */
async function msUntilVisible(page: Page, selector: string): Promise<number> {
  const handle = await page.waitForFunction(
    (css) => {
      const element = document.querySelector(css);
      return element && element.getBoundingClientRect().height > 0 ? performance.now() : false;
    },
    selector,
    { polling: "raf" },
  );
  return Math.round((await handle.jsonValue()) as number);
}

/** Opens `path` `runs` times in a fresh signed-in tab and returns each time to the first `selector`. */
async function timeFirstData(page: Page, path: string, selector: string, runs = 3): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    await page.goto("about:blank");
    await page.goto(path, { waitUntil: "commit" });
    times.push(await msUntilVisible(page, selector));
  }
  return times;
}

test.describe("data with the first paint", () => {
  test("the tasks list has its first row in the server response", async ({ browser }) => {
    const context = await newContext(browser, 1280, seed.storageState);
    try {
      const page = await context.newPage();
      const times = await timeFirstData(page, "/app/tasks", '[data-testid="task-row"]');
      await expect(page.locator("#main").getByTestId("task-row")).toHaveCount(SEEDED_TASKS.length);
      console.log(`tasks list: first row visible ${times.join(" / ")} ms after navigation start`);

      const html = await (await page.request.get("/app/tasks")).text();
      for (const task of SEEDED_TASKS) expect(html, `${task.title} is in the list's HTML`).toContain(task.title);
    } finally {
      await context.close();
    }
  });

  test("a board has its cards in the server response", async ({ browser }) => {
    const context = await newContext(browser, 1280, seed.storageState);
    try {
      const page = await context.newPage();
      const path = `/app/projects/${seed.projectId}`;
      const times = await timeFirstData(page, path, '[data-testid="task-card"]');
      await expect(page.locator("#main").getByTestId("column-todo").getByTestId("task-card")).toHaveCount(2);
      console.log(`board: first card visible ${times.join(" / ")} ms after navigation start`);

      const html = await (await page.request.get(path)).text();
      for (const task of SEEDED_TASKS) expect(html, `${task.title} is in the board's HTML`).toContain(task.title);

      // Once open, the board's live stream starts where the page read the board (board.head), so the
      // browser never loads the columns a second time.
      const columnLoads: string[] = [];
      page.on("request", (request) => {
        if (request.url().includes("tasks.list")) columnLoads.push(request.url());
      });
      await page.goto(path);
      await expect(page.locator("#main").getByTestId("board-live")).toHaveText("Live");
      // A change arriving over the stream (a full round trip later than any reload would have started).
      await apiMutation(page, "tasks.create", { orgId: seed.orgId, projectId: seed.projectId, title: "Arrives live" });
      await expect(page.locator("#main").getByTestId("column-todo").getByTestId("task-card")).toHaveCount(3);
      expect(columnLoads).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
