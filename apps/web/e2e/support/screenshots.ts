import path from "node:path";
import { test, type Page } from "@playwright/test";

/** Saves a full-page screenshot to apps/web/test-results/screenshots/<name>.png, wherever Playwright was started. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const webDir = path.dirname(test.info().config.configFile ?? path.join(process.cwd(), "playwright.config.ts"));
  await page.screenshot({ path: path.join(webDir, "test-results", "screenshots", `${name}.png`), fullPage: true });
}
