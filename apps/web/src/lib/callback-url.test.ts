import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

describe("safeCallbackUrl", () => {
  it.each([
    ["/app/settings", "/app/settings"],
    [undefined, "/app"],
    ["//evil.test/x", "/app"],
    ["https://evil.test", "/app"],
    ["/\\evil.test", "/app"],
    ["/app?tab=1", "/app?tab=1"],
  ])("%s → %s", (input, output) => expect(safeCallbackUrl(input)).toBe(output));
});
