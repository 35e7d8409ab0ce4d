import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { apiRefusalOf, fieldErrorsOf, humanizeWait } from "./auth-flow";

/** An API error body as the API's tRPC error formatter sends it. */
function apiError(httpStatus: number, code: string, message: string, details?: Record<string, unknown>) {
  return TRPCClientError.from({
    error: { code: -32600, message, requestId: "req-1", ...(details ? { details } : {}), data: { code, httpStatus, requestId: "req-1", ...(details ? { details } : {}) } },
  });
}

describe("fieldErrorsOf", () => {
  it("keeps the first message per field and ignores issues without one", () => {
    expect(
      fieldErrorsOf([
        { path: ["password"], message: "too short" },
        { path: ["password"], message: "too common" },
        { path: ["email"], message: "bad email" },
        { path: [], message: "form-level" },
      ]),
    ).toEqual({ password: "too short", email: "bad email" });
  });
});

describe("apiRefusalOf", () => {
  it("reads a rate limit with its wait", () => {
    const refusal = apiRefusalOf(
      apiError(429, "RATE_LIMITED", "Too many failed sign-ins. Try again in 840 s, or reset your password.", {
        limit: "authAccount",
        retryAfterSeconds: 840,
      }),
    );
    expect(refusal).toMatchObject({ httpStatus: 429, code: "RATE_LIMITED", retryAfterSeconds: 840 });
    expect(refusal.message).toBe("Too many failed sign-ins. Try again in about 14 minutes, or reset your password.");
  });

  it("reads a refusal's reason and a validation error's fields", () => {
    expect(apiRefusalOf(apiError(403, "FORBIDDEN", "Confirm your email first.", { reason: "email_unverified" })).reason).toBe(
      "email_unverified",
    );
    const invalid = apiRefusalOf(
      apiError(400, "VALIDATION_ERROR", "Invalid input", { issues: [{ path: ["password"], message: "This password is too common; choose another", code: "custom" }] }),
    );
    expect(invalid.fieldErrors).toEqual({ password: "This password is too common; choose another" });
  });

  it("never passes on a server error's or a non-API error's message", () => {
    expect(apiRefusalOf(apiError(500, "INTERNAL_ERROR", "boom")).message).toBeNull();
    expect(apiRefusalOf(new Error("ECONNREFUSED")).message).toBeNull();
    expect(apiRefusalOf(new Error("ECONNREFUSED")).httpStatus).toBeNull();
  });
});

describe("humanizeWait", () => {
  it("keeps short waits in seconds and turns long ones into minutes or hours", () => {
    expect(humanizeWait("Too many requests. Try again in 42 s.")).toBe("Too many requests. Try again in 42 s.");
    expect(humanizeWait("Try again in 90 s, or reset your password.")).toBe("Try again in about 2 minutes, or reset your password.");
    expect(humanizeWait("Try again in 898 s.")).toBe("Try again in about 15 minutes.");
    expect(humanizeWait("Try again in 7200 s.")).toBe("Try again in about 2 hours.");
    expect(humanizeWait("Email or password is incorrect.")).toBe("Email or password is incorrect.");
  });
});
