import type { TaskDto } from "@agency/validators";
import { describe, expect, it } from "vitest";
import { applyTaskEdit, changedTaskFields, describeTaskEdit, expectedVersionFor, parseNewLabel } from "./task-edit";

const ALICE = "0b8f6a2e-52b5-4c3e-8e0a-3d2f1e4c5b6a";
const people = new Map([[ALICE, "Alice Owner"]]);
const task: TaskDto = {
  id: "3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99",
  projectId: "7f4e2a40-1c1d-4a55-9a55-0c3c2b1d9e01",
  title: "Logo",
  description: "",
  status: "todo",
  priority: "medium",
  assignee: null,
  createdBy: null,
  dueDate: null,
  labels: ["design"],
  position: 1,
  commentCount: 0,
  version: 3,
  createdAt: "2026-11-26T00:00:00.000Z",
  updatedAt: "2026-11-26T00:00:00.000Z",
  deletedAt: null,
};

describe("applyTaskEdit", () => {
  it("shows a patch at once, naming the new assignee", () => {
    const next = applyTaskEdit(task, { kind: "patch", patch: { assigneeId: ALICE, priority: "high" } }, people);
    expect(next.assignee).toEqual({ id: ALICE, name: "Alice Owner" });
    expect(next.priority).toBe("high");
    expect(next.version).toBe(3);
    expect(applyTaskEdit(next, { kind: "patch", patch: { assigneeId: null } }, people).assignee).toBeNull();
  });

  it("changes the status for a move and leaves everything else", () => {
    expect(applyTaskEdit(task, { kind: "status", status: "done" }, people)).toEqual({ ...task, status: "done" });
  });
});

describe("parseNewLabel", () => {
  it("normalises as the API stores labels and refuses duplicates and empties", () => {
    expect(parseNewLabel("  Urgent-Fix ", [])).toEqual({ ok: true, label: "urgent-fix" });
    expect(parseNewLabel("Design", ["design"])).toEqual({ ok: false, error: "“design” is already on this task" });
    expect(parseNewLabel("   ", [])).toEqual({ ok: false, error: "Labels cannot be empty" });
    expect(parseNewLabel("x".repeat(41), []).ok).toBe(false);
  });
});

describe("conflict descriptions", () => {
  it("lists what someone else changed, with the latest values", () => {
    const latest = { ...task, title: "Logo v2", assignee: { id: ALICE, name: "Alice Owner" }, version: 4 };
    expect(changedTaskFields(task, latest)).toEqual([
      { field: "title", label: "Title", value: "Logo v2" },
      { field: "assigneeId", label: "Assignee", value: "Alice Owner" },
    ]);
  });

  it("spells out the unsaved edit", () => {
    expect(describeTaskEdit({ kind: "patch", patch: { title: "Mine", labels: ["a", "b"] } }, people)).toEqual([
      { field: "title", label: "Title", value: "Mine" },
      { field: "labels", label: "Labels", value: "a, b" },
    ]);
    expect(describeTaskEdit({ kind: "status", status: "review" }, people)).toEqual([
      { field: "status", label: "Status", value: "Review" },
    ]);
  });
});

describe("expectedVersionFor", () => {
  it("merges over changes to other fields, and conflicts when the edited field changed meanwhile", () => {
    const current = { ...task, title: "Logo v2", version: 5 };
    expect(expectedVersionFor(current, "description", "", 3)).toBe(5);
    expect(expectedVersionFor(current, "title", "Logo", 3)).toBe(3);
  });
});
