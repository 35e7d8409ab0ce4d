import { describe, expect, it } from "vitest";
import { describeConnection } from "./connection";

describe("describeConnection", () => {
  it.each([
    ["pending", true, "Live", "success"],
    ["pending", false, "Connecting…", "warning"],
    ["connecting", false, "Connecting…", "warning"],
    ["connecting", true, "Reconnecting…", "warning"],
    ["idle", false, "Connecting…", "warning"],
    ["error", true, "Offline", "danger"],
  ] as const)("%s with beat=%s reads %s", (status, hasBeat, label, tone) => {
    expect(describeConnection(status, hasBeat)).toEqual({ label, tone });
  });
});
