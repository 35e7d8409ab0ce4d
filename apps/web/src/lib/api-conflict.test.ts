import { clientSchema } from "@agency/validators";
import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { conflictCurrent, isConflict, isForbidden } from "./api-conflict";

const current = {
  id: "6f1c2a4e-8b7d-4c3e-9a2f-1b2c3d4e5f60",
  name: "Acme",
  contactName: null,
  contactEmail: null,
  status: "active",
  version: 3,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-02T00:00:00.000Z",
  deletedAt: null,
};

function apiError(data: Record<string, unknown>) {
  return TRPCClientError.from({ error: { code: -32600, message: "Someone else changed this client.", data } });
}

describe("conflictCurrent", () => {
  it("returns the latest record a 409 carries", () => {
    const error = apiError({ code: "CONFLICT", httpStatus: 409, requestId: "r", details: { current } });
    expect(conflictCurrent(error, clientSchema)).toEqual(current);
    expect(isConflict(error)).toBe(true);
  });

  it("is null for other errors or a malformed record", () => {
    expect(conflictCurrent(apiError({ code: "NOT_FOUND", httpStatus: 404, details: { current } }), clientSchema)).toBeNull();
    expect(conflictCurrent(apiError({ code: "CONFLICT", httpStatus: 409, details: { current: { id: 1 } } }), clientSchema)).toBeNull();
    expect(conflictCurrent(apiError({ code: "CONFLICT", httpStatus: 409 }), clientSchema)).toBeNull();
    expect(conflictCurrent(new Error("x"), clientSchema)).toBeNull();
    expect(isForbidden(apiError({ code: "FORBIDDEN", httpStatus: 403 }))).toBe(true);
  });
});
