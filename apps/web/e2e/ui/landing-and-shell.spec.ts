import { expect, test } from "@playwright/test";
import { createAccount } from "../support/accounts";
import { saveScreenshot } from "../support/screenshots";

test.describe("landing page", () => {
  test("explains the product and leads into the app", async ({ page }) => {
    await page.goto("/");
    await expect(
      page.getByRole("heading", { level: 1, name: "Run your whole agency from one workspace." }),
    ).toBeVisible();
    for (const feature of [
      "Clients & projects",
      "Live task boards",
      "Subscriptions & revenue",
      "AI assistant",
      "Secure by default",
    ]) {
      await expect(page.getByRole("heading", { name: feature })).toBeVisible();
    }
    await expect(page.getByRole("main").getByRole("link", { name: "See live system status" })).toHaveAttribute(
      "href",
      "/status",
    );
    await expect(page.getByTestId("status-pill")).toHaveText("System status: All systems normal");
    await saveScreenshot(page, "landing-1280");

    // The app needs an account: signed out, "Open the app" leads to sign-in.
    await page.getByRole("main").getByRole("link", { name: "Open the app" }).click();
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=(%2F|\/)app$/);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  });

  test("has an icon: /favicon.ico answers and every page links the app icon", async ({ page }) => {
    const favicon = await page.request.get("/favicon.ico");
    expect(favicon.status()).toBe(200);
    expect(favicon.headers()["content-type"]).toMatch(/^image\//);
    await page.goto("/");
    const icon = page.locator('head link[rel="icon"][type="image/svg+xml"]');
    await expect(icon).toHaveCount(1);
    const href = await icon.getAttribute("href");
    const svg = await page.request.get(href ?? "/icon.svg");
    expect(svg.status()).toBe(200);
    expect(await svg.text()).toContain("<svg");
  });

  test("reads well at phone width", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByTestId("status-pill")).toHaveText("System status: All systems normal");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "horizontal overflow at 375 px").toBeLessThanOrEqual(0);
    await saveScreenshot(page, "landing-375");
  });
});

test.describe("app shell", () => {
  test.beforeEach(async ({ page }) => {
    await createAccount(page);
  });

  test("shows that the API is connected and live, and no platform internals", async ({ page }) => {
    // The home page is My work: the platform's status is not on it (the public /status page has it).
    await page.goto("/app");
    await expect(page.getByRole("heading", { level: 1, name: "My work" })).toBeVisible();
    await expect(page.getByTestId("connection-indicator")).toHaveText("Live");
    await expect(page.getByTestId("api-state")).toHaveCount(0);
    const home = page.locator("#main");
    for (const internal of [/migration/i, /postgres/i, /organizations:/i, /users/i, /uptime/i, /version/i]) {
      await expect(home, `home page mentions ${internal}`).not.toContainText(internal);
    }
    await saveScreenshot(page, "app-dashboard-1280");

    await page.goto("/status");
    await expect(page.getByTestId("api-state")).toHaveText("API: Connected");
    await expect(page.getByTestId("live-state")).toHaveText("Live updates: Live");

    const heartbeat = page.getByTestId("heartbeat");
    await expect(heartbeat).toHaveAttribute("data-sequence", /^\d+$/);
    const first = await heartbeat.getAttribute("data-sequence");
    // The API beats every 5 s: a later beat proves the stream is live, not a one-off answer.
    await expect(heartbeat).not.toHaveAttribute("data-sequence", first ?? "", { timeout: 15_000 });

    // Tenants see up or down, never how the platform is built or how big it is.
  });

  test("a failing status call shows the request id, and Try again recovers", async ({ page }) => {
    const statusCall = /\/api\/trpc\/system\.status/;
    await page.route(statusCall, (route) =>
      route.fulfill({
        status: 503,
        contentType: "application/json",
        body: JSON.stringify({
          error: {
            code: -32603,
            message: "The API is unreachable.",
            requestId: "e2e-outage-0001",
            data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503, requestId: "e2e-outage-0001" },
          },
        }),
      }),
    );
    await page.goto("/status");
    // Filtered: Next's route announcer is an alert too.
    const alert = page.getByRole("alert").filter({ hasText: "Can't reach the API" });
    await expect(alert).toContainText("Can't reach the API", { timeout: 15_000 });
    await expect(page.getByTestId("error-request-id")).toHaveText("e2e-outage-0001");
    await saveScreenshot(page, "app-status-error-1280");

    await page.unroute(statusCall);
    await alert.getByRole("button", { name: "Try again" }).click();
    await expect(page.getByTestId("api-state")).toHaveText("API: Connected");
  });

  test("every section in the navigation has its page (none is \"coming soon\"), unknown ones a 404", async ({ page }) => {
    await page.goto("/app");
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: /Revenue/ })
      .click();
    await expect(page).toHaveURL(/\/app\/revenue$/);
    await expect(page.getByRole("heading", { name: "Revenue", level: 1 })).toBeVisible();
    await expect(page.getByText(/is on its way/)).toHaveCount(0);
    await expect(page.getByRole("link", { name: /Revenue/ }).first()).toHaveAttribute("aria-current", "page");
    await page.goto("/app/does-not-exist");
    await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  });

  test("works at phone width: the menu opens from the top bar, navigates and closes", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto("/app");
    await expect(page.getByRole("heading", { level: 1, name: "My work" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    await saveScreenshot(page, "app-dashboard-375");

    const menuButton = page.getByRole("button", { name: "Open menu" });
    await expect(menuButton).toHaveAttribute("aria-expanded", "false");
    await menuButton.click();
    const mobileNav = page.locator("#mobile-nav");
    await expect(mobileNav).toBeVisible();
    await saveScreenshot(page, "app-menu-375");

    await page.keyboard.press("Escape");
    await expect(mobileNav).toBeHidden();
    await expect(page.getByRole("button", { name: "Open menu" })).toBeFocused();

    await page.getByRole("button", { name: "Open menu" }).click();
    await mobileNav.getByRole("link", { name: /Assistant/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Assistant" })).toBeVisible();
    await expect(mobileNav).toBeHidden();
  });
});

test.describe("status page", () => {
  test("says whether Agency OS is up, and nothing about its insides", async ({ page }) => {
    await page.goto("/status");
    await expect(page.getByRole("heading", { level: 1, name: "System status" })).toBeVisible();
    await expect(page.getByTestId("service-headline")).toHaveText("All systems normal");
    await expect(page.getByTestId("api-state")).toHaveText("API: Connected");
    await expect(page.getByTestId("heartbeat")).toHaveAttribute("data-sequence", /^\d+$/);
    const main = page.locator("#main");
    for (const internal of [/migration/i, /postgres/i, /database/i, /organizations/i, /users/i, /uptime/i, /version/i]) {
      await expect(main, `status page mentions ${internal}`).not.toContainText(internal);
    }
    await saveScreenshot(page, "status-1280");
    await page.setViewportSize({ width: 375, height: 812 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "horizontal overflow at 375 px").toBeLessThanOrEqual(0);
    await saveScreenshot(page, "status-375");
  });

  test("says the service is down when the API cannot be reached", async ({ page }) => {
    await page.route(/\/api\/trpc\/system\.status/, (route) =>
      route.fulfill({
        status: 503,
        contentType: "application/json",
        body: JSON.stringify({
          error: {
            code: -32603,
            message: "The API is unreachable.",
            requestId: "e2e-status-down-0001",
            data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503, requestId: "e2e-status-down-0001" },
          },
        }),
      }),
    );
    await page.goto("/status");
    await expect(page.getByTestId("service-headline")).toHaveText("Agency OS is unreachable", { timeout: 15_000 });
    await expect(page.getByRole("alert").filter({ hasText: "Can't reach the API" })).toBeVisible();
    await expect(page.getByTestId("error-request-id")).toHaveText("e2e-status-down-0001");
    await saveScreenshot(page, "status-down-1280");
  });
});
