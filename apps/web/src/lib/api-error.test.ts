import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { isClientError, toUserFacingError } from "./api-error";

function apiError(message: string, data: Record<string, unknown>) {
  // The shape the API's error formatter sends for every tRPC error.
  return TRPCClientError.from({ error: { code: -32600, message, data } });
}

describe("toUserFacingError", () => {
  it("shows validation messages and the request id", () => {
    const error = apiError("Invalid input", { code: "VALIDATION_ERROR", httpStatus: 400, requestId: "req-1" });
    expect(toUserFacingError(error)).toEqual({
      title: "That didn't work",
      message: "Invalid input",
      requestId: "req-1",
    });
    expect(isClientError(error)).toBe(true);
  });

  it("explains rate limits", () => {
    const error = apiError("Too many requests. Try again in 30 s.", {
      code: "RATE_LIMITED",
      httpStatus: 429,
      requestId: "req-2",
    });
    expect(toUserFacingError(error).title).toBe("Slow down a little");
  });

  it("never shows a server error's own message", () => {
    const error = apiError("internal detail", { code: "INTERNAL_ERROR", httpStatus: 500, requestId: "req-3" });
    const shown = toUserFacingError(error);
    expect(shown.message).not.toContain("internal detail");
    expect(shown.requestId).toBe("req-3");
    expect(isClientError(error)).toBe(false);
  });

  it("says the API is unreachable when no response came back", () => {
    const error = TRPCClientError.from(new TypeError("fetch failed"));
    expect(toUserFacingError(error).title).toBe("Can't reach the API");
  });

  it("finds the request id on the error shape when data lacks it, and ignores odd data", () => {
    const error = TRPCClientError.from({
      error: { code: -32603, message: "x", requestId: "req-shape-1", data: "not an object" },
    });
    expect(toUserFacingError(error).requestId).toBe("req-shape-1");
    expect(isClientError(error)).toBe(false);
  });

  it("does not retry what the API refused and retries what it could not answer", () => {
    expect(isClientError(apiError("Not found", { code: "NOT_FOUND", httpStatus: 404, requestId: "r" }))).toBe(true);
    expect(isClientError(apiError("Down", { code: "SERVICE_UNAVAILABLE", httpStatus: 503, requestId: "r" }))).toBe(
      false,
    );
    expect(isClientError(new Error("plain"))).toBe(false);
  });
});
