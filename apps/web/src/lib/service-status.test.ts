import { describe, expect, it } from "vitest";
import { describeServiceStatus } from "./service-status";

const at = "2026-12-01T10:00:00.000Z";

describe("describeServiceStatus", () => {
  it("reads the API's answer: ok or degraded", () => {
    expect(describeServiceStatus({ status: "ok", time: at }, false)).toMatchObject({ state: "ok", label: "Up" });
    expect(describeServiceStatus({ status: "degraded", time: at }, false)).toMatchObject({
      state: "degraded",
      tone: "warning",
    });
  });

  it("keeps the last answer through a failed poll, and is down only without any answer", () => {
    expect(describeServiceStatus({ status: "ok", time: at }, true).state).toBe("ok");
    expect(describeServiceStatus(undefined, true)).toMatchObject({ state: "down", label: "Unreachable", tone: "danger" });
    expect(describeServiceStatus(undefined, false).state).toBe("checking");
  });
});
