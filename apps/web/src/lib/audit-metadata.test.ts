import { describe, expect, it } from "vitest";
import { describeAuditMetadata, fieldLabel, formatAuditValue } from "./audit-metadata";

describe("describeAuditMetadata", () => {
  it("lists each changed field of a client update as before → after", () => {
    const metadata = {
      changes: {
        name: { before: "Acme", after: "Acme Corp" },
        contactEmail: { before: null, after: "ceo@acme.test" },
      },
    };
    expect(describeAuditMetadata(metadata)).toEqual([
      { kind: "change", field: "Name", before: "Acme", after: "Acme Corp" },
      { kind: "change", field: "Contact email", before: "(empty)", after: "ceo@acme.test" },
    ]);
  });

  it("reads top-level changes and plain values too", () => {
    expect(describeAuditMetadata({ role: { before: "member", after: "viewer" }, otherSessionsRevoked: 2 })).toEqual([
      { kind: "change", field: "Role", before: "member", after: "viewer" },
      { kind: "value", field: "Other sessions revoked", value: "2" },
    ]);
  });

  it("shows nothing for empty metadata and JSON for odd shapes", () => {
    expect(describeAuditMetadata(null)).toEqual([]);
    expect(describeAuditMetadata({})).toEqual([]);
    expect(describeAuditMetadata({ changes: {} })).toEqual([]);
    expect(describeAuditMetadata(["a", 1])).toEqual([{ kind: "value", field: "Details", value: '["a",1]' }]);
    expect(describeAuditMetadata({ nested: { a: 1 } })).toEqual([{ kind: "value", field: "Nested", value: '{"a":1}' }]);
  });
});

describe("fieldLabel / formatAuditValue", () => {
  it("humanizes keys and values", () => {
    expect(fieldLabel("contactName")).toBe("Contact name");
    expect(fieldLabel("user_agent")).toBe("User agent");
    expect(formatAuditValue("")).toBe("(empty)");
    expect(formatAuditValue(false)).toBe("false");
  });
});

describe("describeAuditMetadata with the entry's references", () => {
  const task = "7dec3c1a-0000-4000-8000-000000000001";
  const ana = "0b0b0b0b-0000-4000-8000-000000000002";
  const bob = "0c0c0c0c-0000-4000-8000-000000000003";
  const project = "0d0d0d0d-0000-4000-8000-000000000004";
  const references = {
    [task]: { type: "task" as const, name: "Fix the footer", deleted: false },
    [ana]: { type: "user" as const, name: "Ana Lima", deleted: false },
    [bob]: { type: "user" as const, name: null, deleted: true },
    [project]: { type: "project" as const, name: "Website relaunch", deleted: true },
  };

  it("reads a move as a sentence and hides the board position", () => {
    const metadata = { from: { status: "todo", position: 1024 }, to: { status: "in_progress", position: -2048 }, afterTaskId: null };
    expect(describeAuditMetadata(metadata, { action: "task.moved", targetType: "task", references })).toEqual([
      { kind: "note", text: "Moved from To do to In progress" },
    ]);
    expect(describeAuditMetadata({ to: { status: "in_progress", position: -2048 } }, { targetType: "task" })).toEqual([
      { kind: "note", text: "Moved to In progress" },
    ]);
    expect(describeAuditMetadata({ from: { status: "review" }, to: { status: "review" }, renumbered: 12 }, { targetType: "task" })).toEqual([
      { kind: "note", text: "Reordered within Review" },
    ]);
  });

  it("names assignees and projects instead of UUIDs; a gone person or trashed project says so", () => {
    const metadata = { changes: { assigneeId: { before: bob, after: ana }, dueDate: { before: null, after: "2026-12-07" } } };
    expect(describeAuditMetadata(metadata, { targetType: "task", references })).toEqual([
      { kind: "change", field: "Assignee", before: "former member", after: "Ana Lima" },
      { kind: "change", field: "Due date", before: "No date", after: "7 Dec 2026" },
    ]);
    expect(describeAuditMetadata({ projectId: project, title: "Fix", status: "todo" }, { targetType: "task", references })).toEqual([
      { kind: "value", field: "Project", value: "Website relaunch (in trash)" },
      { kind: "value", field: "Title", value: "Fix" },
      { kind: "value", field: "Status", value: "To do" },
    ]);
    expect(describeAuditMetadata({ taskId: "99999999-0000-4000-8000-000000000009" }, { targetType: "comment", references })).toEqual([
      { kind: "value", field: "Task", value: "deleted task" },
    ]);
  });
});
