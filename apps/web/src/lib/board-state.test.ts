import type { TaskDto } from "@agency/validators";
import { describe, expect, it } from "vitest";
import { applyTaskToColumn, columnTasks, isNewerThanCached, isNewsForBoard, type ColumnData } from "./board-state";

const PROJECT = "00000000-0000-4000-8000-0000000000aa";
let counter = 0;
function task(overrides: Partial<TaskDto> = {}): TaskDto {
  counter += 1;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`,
    projectId: PROJECT,
    title: `Task ${counter}`,
    description: "",
    status: "todo",
    priority: "medium",
    assignee: null,
    createdBy: null,
    dueDate: null,
    labels: [],
    position: counter,
    commentCount: 0,
    version: 1,
    createdAt: "2026-11-26T00:00:00.000Z",
    updatedAt: "2026-11-26T00:00:00.000Z",
    deletedAt: null,
    ...overrides,
  };
}
const column = (pages: TaskDto[][], more = false): ColumnData => ({
  pages: pages.map((items, index) => ({
    items,
    nextCursor: more && index === pages.length - 1 ? "cursor" : index < pages.length - 1 ? "c" : null,
  })),
  pageParams: pages.map((_, index) => (index === 0 ? null : "c")),
});
const titles = (data: ColumnData | undefined) => columnTasks(data).map((item) => item.title);

describe("applyTaskToColumn", () => {
  const a = task({ title: "A", position: 10 });
  const b = task({ title: "B", position: 20 });
  const c = task({ title: "C", position: 30 });

  it("inserts a new card by position", () => {
    const created = task({ title: "New", position: 15 });
    expect(titles(applyTaskToColumn(column([[a, b, c]]), "todo", PROJECT, created.id, created))).toEqual([
      "A",
      "New",
      "B",
      "C",
    ]);
  });

  it("moves a card within the column when its position changes", () => {
    const moved = { ...a, position: 25, version: 2 };
    expect(titles(applyTaskToColumn(column([[a, b, c]]), "todo", PROJECT, a.id, moved))).toEqual(["B", "A", "C"]);
  });

  it("removes a card that moved to another column, and adds it there", () => {
    const moved = { ...b, status: "done" as const, position: 5, version: 2 };
    expect(titles(applyTaskToColumn(column([[a, b, c]]), "todo", PROJECT, b.id, moved))).toEqual(["A", "C"]);
    const done = task({ title: "D", status: "done", position: 10 });
    expect(titles(applyTaskToColumn(column([[done]]), "done", PROJECT, b.id, moved))).toEqual(["B", "D"]);
  });

  it("removes the card when the event carries no task, or a deleted one, or one of another project", () => {
    expect(titles(applyTaskToColumn(column([[a, b]]), "todo", PROJECT, a.id, null))).toEqual(["B"]);
    expect(
      titles(
        applyTaskToColumn(column([[a, b]]), "todo", PROJECT, a.id, { ...a, deletedAt: "2026-11-26T01:00:00.000Z" }),
      ),
    ).toEqual(["B"]);
    expect(
      titles(
        applyTaskToColumn(column([[a, b]]), "todo", PROJECT, a.id, {
          ...a,
          projectId: "00000000-0000-4000-8000-0000000000bb",
        }),
      ),
    ).toEqual(["B"]);
  });

  it("updates a card in place across pages", () => {
    const renamed = { ...c, title: "C renamed", version: 2 };
    expect(titles(applyTaskToColumn(column([[a, b], [c]]), "todo", PROJECT, c.id, renamed))).toEqual([
      "A",
      "B",
      "C renamed",
    ]);
  });

  it("leaves out a card that sorts after the loaded pages while more remain", () => {
    const late = task({ title: "Late", position: 99 });
    expect(titles(applyTaskToColumn(column([[a, b]], true), "todo", PROJECT, late.id, late))).toEqual(["A", "B"]);
    expect(titles(applyTaskToColumn(column([[a, b]]), "todo", PROJECT, late.id, late))).toEqual(["A", "B", "Late"]);
  });

  it("fills an empty column and leaves an unloaded one alone", () => {
    const first = task({ title: "First" });
    expect(titles(applyTaskToColumn(column([[]]), "todo", PROJECT, first.id, first))).toEqual(["First"]);
    expect(applyTaskToColumn(undefined, "todo", PROJECT, first.id, first)).toBeUndefined();
  });

  it("breaks position ties by id, like the server", () => {
    const x = task({ title: "X", position: 50 });
    const y = task({ title: "Y", position: 50 });
    expect(titles(applyTaskToColumn(column([[y]]), "todo", PROJECT, x.id, x))).toEqual(["X", "Y"]);
  });
});

describe("isNewerThanCached", () => {
  const shown = task({ version: 3 });
  const columns = { todo: column([[shown]]) };
  it("drops events the board already shows", () => {
    expect(isNewerThanCached({ taskId: shown.id, version: 3 }, columns)).toBe(false);
    expect(isNewerThanCached({ taskId: shown.id, version: 2 }, columns)).toBe(false);
    expect(isNewerThanCached({ taskId: shown.id, version: 4 }, columns)).toBe(true);
    expect(isNewerThanCached({ taskId: "00000000-0000-4000-8000-ffffffffffff", version: 1 }, columns)).toBe(true);
  });
});

describe("isNewsForBoard", () => {
  const shown = task({ version: 3 });
  const columns = { todo: column([[shown]]) };
  it("applies a comment event about the version shown (its comment count changed), not an older one", () => {
    expect(isNewsForBoard({ kind: "comment.created", taskId: shown.id, version: 3 }, columns)).toBe(true);
    expect(isNewsForBoard({ kind: "comment.deleted", taskId: shown.id, version: 3 }, columns)).toBe(true);
    expect(isNewsForBoard({ kind: "comment.created", taskId: shown.id, version: 2 }, columns)).toBe(false);
  });
  it("applies task events only when newer", () => {
    expect(isNewsForBoard({ kind: "task.updated", taskId: shown.id, version: 3 }, columns)).toBe(false);
    expect(isNewsForBoard({ kind: "task.moved", taskId: shown.id, version: 4 }, columns)).toBe(true);
  });
});
