import { describe, expect, it } from "vitest";
import { toQueryString } from "./search-params";

describe("toQueryString", () => {
  it("keeps only set values and encodes them", () => {
    expect(toQueryString({ a: "1", b: "", c: null, d: undefined, e: "x y" })).toBe("?a=1&e=x+y");
    expect(toQueryString({})).toBe("");
  });
});
