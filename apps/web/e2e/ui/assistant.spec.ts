import { expect, test } from "@playwright/test";
import { createAccount } from "../support/accounts";
import { apiMutation, orgIdByName } from "../support/api";
import { createOrganization } from "../support/organizations";
import { saveScreenshot } from "../support/screenshots";

/**
 * The assistant against the stack's fake model provider (apps/api/test/support/fake-llm.ts,
 * started by scripts/e2e-stack.ts): "slow" answers stream 60 words 150 ms apart, "plan" proposes
 * three tasks through the propose_tasks tool, anything else is a short greeting.
 */
test.describe("assistant", () => {
  test("chats with streamed tokens, stops an answer, and confirms a proposed task list onto the board", async ({ page }) => {
    test.setTimeout(180_000);
    await createAccount(page, "Ava Assistant");
    await createOrganization(page, "Assistant Works");
    const orgId = await orgIdByName(page, "Assistant Works");
    const client = await apiMutation<{ id: string }>(page, "clients.create", { orgId, name: "Globex" });
    const project = await apiMutation<{ id: string }>(page, "projects.create", { orgId, clientId: client.id, name: "Website relaunch" });

    // The full page: empty state, then a short answer.
    await page.goto("/app/assistant");
    await expect(page.getByRole("heading", { level: 1, name: "Assistant" })).toBeVisible();
    await expect(page.getByTestId("assistant-empty")).toBeVisible();
    const input = page.getByLabel("Message the assistant");
    await input.fill("Hello there");
    await input.press("Enter");
    await expect(page.getByTestId("user-message")).toHaveText("Hello there");
    const firstAnswer = page.getByTestId("assistant-message").last();
    await expect(firstAnswer.getByTestId("assistant-text")).toHaveText("Hello from the fake model.");
    await expect(firstAnswer).toHaveAttribute("data-status", "complete");
    await expect(page.getByTestId("assistant-history").getByRole("button", { name: /^Hello there/ })).toBeVisible();
    await saveScreenshot(page, "assistant-chat-1280");

    // A slow answer: tokens render while it streams, then Stop ends it where it was.
    await input.fill("Tell me something slow");
    await page.getByRole("button", { name: "Send" }).click();
    const slow = page.getByTestId("assistant-message").last();
    await expect(slow.getByTestId("assistant-text")).toContainText("word2");
    await expect(slow).toHaveAttribute("data-status", "streaming");
    await saveScreenshot(page, "assistant-streaming-1280");
    await page.getByRole("button", { name: "Stop" }).click();
    await expect(slow).toHaveAttribute("data-status", "stopped");
    await expect(slow.getByTestId("answer-stopped")).toBeVisible();
    const stoppedText = (await slow.getByTestId("assistant-text").textContent()) ?? "";
    expect(stoppedText).toContain("word2");
    expect(stoppedText).not.toContain("word59");
    await expect(page.getByRole("button", { name: "Send" })).toBeVisible();

    // Phone width.
    await page.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(page, "assistant-chat-375");
    await page.setViewportSize({ width: 1280, height: 800 });

    // On the project's board: the panel proposes tasks; nothing is created until confirmed.
    await page.goto(`/app/projects/${project.id}`);
    await expect(page.locator("#main").getByTestId("board-live")).toHaveText("Live");
    await page.getByRole("button", { name: /Ask the assistant about this project/ }).click();
    const panelInput = page.getByLabel("Message the assistant");
    await panelInput.fill("Make a plan for the launch");
    await panelInput.press("Enter");
    const proposal = page.getByTestId("proposal");
    await expect(proposal).toBeVisible();
    await expect(proposal).toContainText("Proposed: 3 new tasks in “Website relaunch”");
    await expect(page.getByTestId("task-card").filter({ hasText: "Draft wireframes" })).toHaveCount(0);
    await saveScreenshot(page, "assistant-proposal-1280");
    await proposal.getByRole("button", { name: "Create these tasks" }).click();
    await expect(page.getByTestId("proposal-confirmed")).toContainText("Created 3 tasks.");
    // The board shows them (live feed).
    for (const title of ["Draft wireframes", "Review copy with client", "Launch checklist"]) {
      await expect(page.getByTestId("task-card").filter({ hasText: title })).toBeVisible();
    }

    // A task page has the panel too: conversations there are about the task.
    await page.getByTestId("task-card").filter({ hasText: "Draft wireframes" }).getByRole("link", { name: "Draft wireframes" }).click();
    await expect(page).toHaveURL(/\/app\/tasks\//);
    await page.getByRole("button", { name: /Ask the assistant about this task/ }).click();
    const taskInput = page.getByLabel("Message the assistant");
    await taskInput.fill("What is this task about?");
    await taskInput.press("Enter");
    await expect(page.getByTestId("assistant-message").last().getByTestId("assistant-text")).toHaveText("Hello from the fake model.");
    await page.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(page, "assistant-task-panel-375");
    await page.setViewportSize({ width: 1280, height: 800 });

    // Admin usage: this user's tokens and cost this month.
    await page.goto("/app/assistant/usage");
    await expect(page.getByTestId("assistant-usage-table")).toContainText("Ava Assistant");
    await expect(page.getByTestId("assistant-enabled")).toHaveText("on");
    await saveScreenshot(page, "assistant-usage-1280");
    await page.setViewportSize({ width: 375, height: 812 });
    await saveScreenshot(page, "assistant-usage-375");
  });
});
