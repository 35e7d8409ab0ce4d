import { describe, expect, it } from "vitest";
import { deviceTokenFromCookieHeader } from "./device-token";

const TOKEN = "d1.5b0e7f4e-2a51-4d8f-9a51-0c1f7d3b9e11.c2FsdHNhbHQ.c2lnbmF0dXJlc2lnbmF0dXJl";

describe("deviceTokenFromCookieHeader", () => {
  it("finds the device cookie among others", () => {
    expect(deviceTokenFromCookieHeader(`next-auth.session-token=abc; agency-device=${TOKEN}; agency-org=x`)).toBe(TOKEN);
    expect(deviceTokenFromCookieHeader(`agency-device=${TOKEN}`)).toBe(TOKEN);
  });

  it("is undefined without one, or when the value is not a device token", () => {
    expect(deviceTokenFromCookieHeader(undefined)).toBeUndefined();
    expect(deviceTokenFromCookieHeader("")).toBeUndefined();
    expect(deviceTokenFromCookieHeader("agency-device=")).toBeUndefined();
    expect(deviceTokenFromCookieHeader("agency-device=short")).toBeUndefined();
    expect(deviceTokenFromCookieHeader(`agency-device=${TOKEN}<script>`)).toBeUndefined();
    expect(deviceTokenFromCookieHeader(`x-agency-device=${TOKEN}`)).toBeUndefined();
  });

  it("skips a malformed copy and takes a good one", () => {
    expect(deviceTokenFromCookieHeader(`agency-device=junk; agency-device=${TOKEN}`)).toBe(TOKEN);
    expect(deviceTokenFromCookieHeader(["a=b", `agency-device=${TOKEN}`])).toBe(TOKEN);
  });
});
