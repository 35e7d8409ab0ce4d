import { describe, expect, it } from "vitest";
import { describeTaskAuditEntry, formatTaskValue, taskChanges } from "./task-history";

const ALICE = "0b8f6a2e-52b5-4c3e-8e0a-3d2f1e4c5b6a";
const people = new Map([[ALICE, "Alice Owner"]]);

describe("taskChanges", () => {
  it("turns { changes } metadata into readable before → after lines", () => {
    expect(
      taskChanges(
        {
          changes: {
            priority: { before: "medium", after: "urgent" },
            assigneeId: { before: null, after: ALICE },
            dueDate: { before: "2026-12-01", after: null },
            labels: { before: [], after: ["design", "web"] },
            position: { before: 1, after: 2 },
          },
        },
        people,
      ),
    ).toEqual([
      { field: "priority", label: "Priority", before: "Medium", after: "Urgent" },
      { field: "assigneeId", label: "Assignee", before: "Unassigned", after: "Alice Owner" },
      { field: "dueDate", label: "Due date", before: "1 Dec 2026", after: "No due date" },
      { field: "labels", label: "Labels", before: "No labels", after: "design, web" },
    ]);
  });

  it("reads top-level { field: { before, after } } and a move's { from, to }", () => {
    expect(taskChanges({ status: { before: "todo", after: "in_progress" } }, people)).toEqual([
      { field: "status", label: "Status", before: "To do", after: "In progress" },
    ]);
    expect(
      taskChanges(
        { from: { status: "review", position: 1 }, to: { status: "done", position: 0.5 }, afterTaskId: null },
        people,
      ),
    ).toEqual([{ field: "status", label: "Status", before: "Review", after: "Done" }]);
    // A reorder inside one column changes no field a person reads.
    expect(taskChanges({ from: { status: "todo", position: 1 }, to: { status: "todo", position: 2 } }, people)).toEqual(
      [],
    );
    expect(taskChanges({ from: "review", to: "done" }, people)[0]?.after).toBe("Done");
  });

  it("shortens long descriptions to one line and names unknown fields", () => {
    const [change] = taskChanges(
      { changes: { description: { before: "", after: `# Plan\n\n${"word ".repeat(60)}` } } },
      people,
    );
    expect(change?.before).toBe("(empty)");
    expect(change?.after.startsWith("# Plan word")).toBe(true);
    expect(change?.after.endsWith("…")).toBe(true);
    expect(change?.after.length).toBeLessThanOrEqual(120);
    expect(taskChanges({ changes: { estimateHours: { before: 1, after: 3 } } }, people)[0]?.label).toBe(
      "Estimate hours",
    );
  });

  it("ignores metadata that is not a change", () => {
    expect(taskChanges(null, people)).toEqual([]);
    expect(taskChanges(["x"], people)).toEqual([]);
    expect(taskChanges({ title: "Only a value" }, people)).toEqual([]);
  });
});

describe("formatTaskValue", () => {
  it("names people it knows, and says so when it does not", () => {
    expect(formatTaskValue("assigneeId", ALICE, people)).toBe("Alice Owner");
    expect(formatTaskValue("assigneeId", "5f2a0d3c-0000-4000-8000-000000000000", people)).toBe("A former member");
    expect(formatTaskValue("assignee", { id: ALICE, name: "Alice O." }, people)).toBe("Alice O.");
  });
});

describe("describeTaskAuditEntry", () => {
  it("summarises each task action", () => {
    expect(describeTaskAuditEntry({ action: "task.created", metadata: {} }, people)).toEqual({
      summary: "created the task",
      changes: [],
    });
    expect(describeTaskAuditEntry({ action: "task.deleted", metadata: null }, people).summary).toBe(
      "moved the task to the trash",
    );
    expect(describeTaskAuditEntry({ action: "task.archived", metadata: null }, people).summary).toBe("task archived");
  });
});
