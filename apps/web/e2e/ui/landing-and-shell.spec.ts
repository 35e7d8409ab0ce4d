import { expect, test } from "@playwright/test";

const SCREENSHOTS = "test-results/screenshots";

test.describe("landing page", () => {
  test("explains the product and leads into the app", async ({ page }) => {
    await page.goto("/");
    await expect(
      page.getByRole("heading", { level: 1, name: "Run your whole agency from one workspace." }),
    ).toBeVisible();
    await expect(page.getByRole("heading", { name: "Live task boards" })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/landing-desktop.png`, fullPage: true });

    await page.getByRole("main").getByRole("link", { name: "Open the app" }).click();
    await expect(page).toHaveURL(/\/app$/);
    await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  });
});

test.describe("app shell", () => {
  test("shows live database and API status with a heartbeat", async ({ page }) => {
    await page.goto("/app");
    await expect(page.getByTestId("database-state")).toHaveText("Connected");
    const applied = Number(await page.getByTestId("applied-migrations").textContent());
    expect(applied).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId("heartbeat")).toContainText(/beat #\d+/);
    await expect(page.getByTestId("connection-indicator")).toHaveText("Live");
    await page.screenshot({ path: `${SCREENSHOTS}/app-dashboard-desktop.png`, fullPage: true });
  });

  test("sections not built yet show an empty state, not a broken page", async ({ page }) => {
    await page.goto("/app");
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: /Clients/ })
      .click();
    await expect(page.getByRole("heading", { name: "Clients is on its way" })).toBeVisible();
    await page.goto("/app/does-not-exist");
    await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  });

  test("works at phone width: the menu opens from the top bar and navigates", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto("/app");
    await expect(page.getByTestId("database-state")).toHaveText("Connected");
    const menuButton = page.getByRole("button", { name: "Open menu" });
    await expect(menuButton).toHaveAttribute("aria-expanded", "false");
    await menuButton.click();
    const mobileNav = page.locator("#mobile-nav");
    await expect(mobileNav).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/app-menu-phone.png`, fullPage: true });
    await mobileNav.getByRole("link", { name: /Projects/ }).click();
    await expect(page.getByRole("heading", { name: "Projects is on its way" })).toBeVisible();
    await expect(mobileNav).toBeHidden();
  });
});
