import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRestTestApi } from "./helpers/rest";
import type { TestApi } from "./helpers/test-api";

/** The system Chromium (Playwright's own download is not needed for one page). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let t: TestApi;
let base: string;
let browser: Browser;

beforeAll(async () => {
  t = await startRestTestApi();
  base = await t.listen();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe("API docs page", () => {
  it("renders the reference in Chromium from this server alone: no third-party request, no CSP violation, no error", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requests: string[] = [];
    const problems: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(`${base}/api/v1/docs`);
    await page.getByRole("heading", { name: "Agency OS API" }).first().waitFor({ timeout: 30_000 });
    await expect(page.getByText("Rename the organization").first().isVisible()).resolves.toBe(true);
    expect(requests.filter((url) => !url.startsWith(base))).toEqual([]);
    expect(requests).toContain(`${base}/api/v1/openapi.json`);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
