import { describe, expect, it } from "vitest";
import { allItems, withItemChanged, withoutItem } from "./infinite-pages";

const data = {
  pages: [
    { items: [{ id: "a", v: 1 }, { id: "b", v: 1 }], nextCursor: "c1" },
    { items: [{ id: "c", v: 1 }], nextCursor: null },
  ],
  pageParams: [undefined, "c1"],
};

describe("infinite page helpers", () => {
  it("removes an item from whichever page holds it, keeping cursors", () => {
    const next = withoutItem(data, "c");
    expect(allItems(next).map((item) => item.id)).toEqual(["a", "b"]);
    expect(next?.pages.map((page) => page.nextCursor)).toEqual(["c1", null]);
    expect(next?.pageParams).toEqual(data.pageParams);
    expect(allItems(data)).toHaveLength(3);
  });

  it("replaces an item in place", () => {
    expect(allItems(withItemChanged(data, "b", (item) => ({ ...item, v: 2 })))).toEqual([
      { id: "a", v: 1 },
      { id: "b", v: 2 },
      { id: "c", v: 1 },
    ]);
  });

  it("leaves an empty cache empty", () => {
    expect(withoutItem(undefined, "a")).toBeUndefined();
    expect(allItems(undefined)).toEqual([]);
  });
});
