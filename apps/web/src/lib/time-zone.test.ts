import { describe, expect, it } from "vitest";
import { browserTimeZone, handledTimeZone, rememberHandledTimeZone, shouldSaveBrowserTimeZone } from "./time-zone";

describe("saving the browser's time zone to the profile", () => {
  it("saves a zone that differs from the stored one, the first time this browser sees it", () => {
    expect(shouldSaveBrowserTimeZone(null, "America/New_York", null)).toBe(true);
    expect(shouldSaveBrowserTimeZone("Europe/Paris", "America/New_York", "Europe/Paris")).toBe(true);
  });

  it("sends nothing when they agree: the same zone, an alias of it, or UTC with none stored", () => {
    expect(shouldSaveBrowserTimeZone("America/New_York", "America/New_York", null)).toBe(false);
    expect(shouldSaveBrowserTimeZone("Asia/Calcutta", "Asia/Kolkata", null)).toBe(false);
    expect(shouldSaveBrowserTimeZone(null, "UTC", null)).toBe(false);
    expect(shouldSaveBrowserTimeZone(null, null, null)).toBe(false);
  });

  it("does not undo a choice made in Settings, nor resend a zone the API refused", () => {
    expect(shouldSaveBrowserTimeZone("Europe/Paris", "America/New_York", "America/New_York")).toBe(false);
  });

  it("works without storage (server render, blocked storage): nothing remembered, nothing thrown", () => {
    expect(handledTimeZone("u1")).toBeNull();
    expect(() => rememberHandledTimeZone("u1", "Europe/Paris")).not.toThrow();
    expect(typeof browserTimeZone()).toBe("string");
  });
});
