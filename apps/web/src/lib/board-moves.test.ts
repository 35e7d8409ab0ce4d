import type { TaskDto } from "@agency/validators";
import { describe, expect, it } from "vitest";
import { afterTaskIdForDrop, menuMoveTarget, optimisticMove, stepWithinColumn } from "./board-moves";

describe("afterTaskIdForDrop", () => {
  const ids = ["a", "b", "c"];
  it("drops at the top, middle and end of another column", () => {
    expect(afterTaskIdForDrop(ids, "x", 0)).toBeNull();
    expect(afterTaskIdForDrop(ids, "x", 2)).toBe("b");
    expect(afterTaskIdForDrop(ids, "x", 3)).toBe("c");
    expect(afterTaskIdForDrop(ids, "x", 99)).toBe("c");
    expect(afterTaskIdForDrop([], "x", 0)).toBeNull();
  });

  it("ignores the moving card itself within its own column", () => {
    // a b c → move "a" to index 2 (after c once a is lifted out: b c a)
    expect(afterTaskIdForDrop(ids, "a", 2)).toBe("c");
    // move "c" to the top
    expect(afterTaskIdForDrop(ids, "c", 0)).toBeNull();
    // move "c" between a and b
    expect(afterTaskIdForDrop(ids, "c", 1)).toBe("a");
  });
});

describe("stepWithinColumn", () => {
  const ids = ["a", "b", "c"];
  it("steps up and down, and refuses past the ends", () => {
    expect(stepWithinColumn(ids, "b", "up")).toBeNull();
    expect(stepWithinColumn(ids, "c", "up")).toBe("a");
    expect(stepWithinColumn(ids, "a", "down")).toBe("b");
    expect(stepWithinColumn(ids, "b", "down")).toBe("c");
    expect(stepWithinColumn(ids, "a", "up")).toBeUndefined();
    expect(stepWithinColumn(ids, "c", "down")).toBeUndefined();
    expect(stepWithinColumn(ids, "zz", "down")).toBeUndefined();
  });
});

describe("menuMoveTarget", () => {
  const columns = { todo: ["a", "b"], in_progress: ["p"], review: [], done: [] };
  it("moves to the top of another column", () => {
    expect(menuMoveTarget(columns, { id: "b", status: "todo" }, "review")).toEqual({
      status: "review",
      afterTaskId: null,
    });
    expect(menuMoveTarget(columns, { id: "b", status: "todo" }, "todo")).toBeUndefined();
    expect(menuMoveTarget(columns, { id: "b", status: "todo" }, "up")).toEqual({ status: "todo", afterTaskId: null });
    expect(menuMoveTarget(columns, { id: "a", status: "todo" }, "down")).toEqual({ status: "todo", afterTaskId: "b" });
    expect(menuMoveTarget(columns, { id: "b", status: "todo" }, "down")).toBeUndefined();
  });
});

describe("optimisticMove", () => {
  const card = (id: string, position: number) => ({ id, position, status: "todo" }) as TaskDto;
  const column = [card("a", 10), card("b", 20)];
  it("places the card between its new neighbours", () => {
    const moving = card("x", 99);
    expect(optimisticMove(moving, { status: "review", afterTaskId: null }, column).position).toBe(9);
    expect(optimisticMove(moving, { status: "review", afterTaskId: "a" }, column).position).toBe(15);
    expect(optimisticMove(moving, { status: "review", afterTaskId: "b" }, column)).toMatchObject({
      status: "review",
      position: 21,
    });
    expect(optimisticMove(moving, { status: "review", afterTaskId: null }, []).position).toBe(0);
  });
});
