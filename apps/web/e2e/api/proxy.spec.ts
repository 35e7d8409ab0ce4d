import { expect, test } from "@playwright/test";

test.describe("API through the web origin's proxy", () => {
  test("system.status answers with a reachable, migrated database", async ({ request }) => {
    const response = await request.get("/api/trpc/system.status");
    expect(response.status()).toBe(200);
    expect(response.headers()["x-request-id"]).toBeTruthy();
    const body = (await response.json()) as {
      result: { data: { database: { reachable: boolean; appliedMigrations: number } } };
    };
    expect(body.result.data.database.reachable).toBe(true);
    expect(body.result.data.database.appliedMigrations).toBeGreaterThanOrEqual(1);
  });

  test("bad input comes back as the 400 VALIDATION_ERROR envelope with the request id", async ({ request }) => {
    const response = await request.post("/api/trpc/system.echo", {
      data: { message: "" },
      headers: { "x-request-id": "e2e-validation-0001" },
    });
    expect(response.status()).toBe(400);
    const body = (await response.json()) as { error: { requestId: string; data: { code: string } } };
    expect(body.error.data.code).toBe("VALIDATION_ERROR");
    expect(body.error.requestId).toBe("e2e-validation-0001");
  });

  test("the SSE heartbeat streams through the proxy", async ({ page }) => {
    await page.goto("/status");
    // EventSource in the page: the real browser path, not a buffered HTTP client.
    const firstBeat = await page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const source = new EventSource("/api/trpc/system.heartbeat");
          const timer = setTimeout(() => reject(new Error("no heartbeat within 10 s")), 10_000);
          source.onmessage = (event) => {
            clearTimeout(timer);
            source.close();
            resolve(event.lastEventId);
          };
        }),
    );
    expect(firstBeat).toBe("1");
  });
});
