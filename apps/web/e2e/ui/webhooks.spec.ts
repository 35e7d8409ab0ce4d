import { expect, test } from "@playwright/test";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { createAccount } from "../support/accounts";
import { apiMutation, orgIdByName } from "../support/api";
import { createOrganization } from "../support/organizations";
import { saveScreenshot } from "../support/screenshots";

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** A webhook receiver on loopback (the E2E API allows 127.0.0.0/8 through WEBHOOK_ALLOW_PRIVATE_TARGETS). */
async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) headers[name] = String(value);
      received.push({ headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(200, { "content-type": "text/plain" });
      response.end("received by the e2e receiver");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/agency-hook`,
    received,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

test.describe("integrations: outbound webhooks", () => {
  test("an owner registers an endpoint, edits a task, and the signed delivery arrives and shows in the log", async ({ page }) => {
    test.setTimeout(120_000);
    const receiver = await startReceiver();
    try {
      await createAccount(page, "Hank Hooks");
      await createOrganization(page, "Hooks Agency");
      const orgId = await orgIdByName(page, "Hooks Agency");
      const client = await apiMutation<{ id: string }>(page, "clients.create", { orgId, name: "Acme" });
      const project = await apiMutation<{ id: string }>(page, "projects.create", { orgId, clientId: client.id, name: "Site" });
      const task = await apiMutation<{ id: string }>(page, "tasks.create", { orgId, projectId: project.id, title: "Draft the brief" });

      // From the organization settings to the Integrations page: empty states first.
      await page.goto("/app/organization");
      await page.getByRole("link", { name: /Integrations/ }).click();
      await expect(page.getByRole("heading", { name: "Integrations", level: 1 })).toBeVisible();
      await expect(page.getByRole("heading", { name: "No endpoints yet" })).toBeVisible();
      await expect(page.getByRole("form", { name: "Connect Slack" })).toBeVisible();

      // Add the endpoint: URL, description, events (the defaults include task.updated).
      await page.getByRole("button", { name: "Add endpoint" }).click();
      const form = page.getByRole("form", { name: "Add endpoint" });
      await form.getByLabel("Endpoint URL").fill(receiver.url);
      await form.getByLabel(/Description/).fill("E2E receiver");
      await expect(form.getByRole("checkbox", { name: "task.updated" })).toBeChecked();
      await form.getByRole("checkbox", { name: "comment.created" }).check();
      await form.getByRole("button", { name: "Add endpoint" }).click();
      const secret = (await page.getByTestId("webhook-secret-value").textContent())!.trim();
      expect(secret).toMatch(/^whsec_/);
      await expect(page.getByTestId("webhook-endpoint-url")).toHaveText(receiver.url);
      await saveScreenshot(page, "integrations-secret-1280");
      await page.getByRole("button", { name: "I saved it" }).click();
      await expect(page.getByTestId("webhook-secret")).toBeHidden();

      // A task change in the UI: rename it on its page.
      await page.goto(`/app/tasks/${task.id}`);
      await page.getByRole("button", { name: "Edit title" }).click();
      await page.getByRole("textbox", { name: "Title" }).fill("Draft the final brief");
      await page.getByRole("textbox", { name: "Title" }).press("Enter");
      await expect(page.locator("#main").getByTestId("task-title")).toHaveText("Draft the final brief");

      // The signed delivery arrives (the worker runs its webhook.deliver job; the queue is polled every second).
      await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
      const delivery = receiver.received.find((r) => r.body.includes('"task.updated"'))!;
      expect(delivery, "a task.updated delivery").toBeTruthy();
      const event = new Webhook(secret).verify(delivery.body, delivery.headers) as {
        type: string;
        version: number;
        orgId: string;
        data: { taskId: string; title: string; changes: Record<string, { before: unknown; after: unknown }> };
      };
      expect(event).toMatchObject({ type: "task.updated", version: 1, orgId, data: { taskId: task.id, title: "Draft the final brief" } });
      expect(event.data.changes.title).toEqual({ before: "Draft the brief", after: "Draft the final brief" });

      // …and appears in the endpoint's delivery log with its answer.
      await page.goto("/app/organization/integrations");
      await page.getByRole("button", { name: "Deliveries" }).click();
      const row = page.getByTestId("webhook-delivery").filter({ hasText: "task.updated" });
      await expect(row).toHaveAttribute("data-status", "succeeded");
      await expect(row).toContainText("HTTP 200");
      await expect(row).toContainText("attempt 1");
      await expect(row).toContainText("received by the e2e receiver");

      // Redeliver: the same event again, same webhook-id.
      const before = receiver.received.length;
      await row.getByRole("button", { name: "Redeliver" }).click();
      await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBeGreaterThan(before);
      expect(receiver.received.at(-1)!.headers["webhook-id"]).toBe(delivery.headers["webhook-id"]);
      await expect(row).toContainText("attempt 2");
      await saveScreenshot(page, "integrations-deliveries-1280");

      // Keyboard: the endpoint's actions are reachable and operable without a pointer.
      await page.getByRole("button", { name: "Send test event" }).focus();
      await page.keyboard.press("Enter");
      await expect(page.getByTestId("webhook-delivery").filter({ hasText: "ping" })).toHaveAttribute("data-status", "succeeded", {
        timeout: 20_000,
      });

      await page.setViewportSize({ width: 375, height: 812 });
      await page.reload();
      await page.getByRole("button", { name: "Deliveries" }).click();
      await expect(page.getByTestId("webhook-delivery").first()).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, "no horizontal scrolling at 375 px").toBeLessThanOrEqual(0);
      await saveScreenshot(page, "integrations-375");
      await page.setViewportSize({ width: 1280, height: 800 });

      // Delete asks for confirmation first.
      await page.getByRole("button", { name: "Delete" }).click();
      await page.getByRole("button", { name: "Confirm delete" }).click();
      await expect(page.getByRole("heading", { name: "No endpoints yet" })).toBeVisible();
    } finally {
      await receiver.close();
    }
  });
});
