import { describe, expect, it } from "vitest";
import { auditActionLabel, auditFiltersQuery, auditListInput, EMPTY_AUDIT_FILTERS, hasActiveAuditFilters, parseAuditFilters } from "./audit-filters";

const ACTOR = "6f1c2a4e-8b7d-4c3e-9a2f-1b2c3d4e5f60";
const parse = (query: string) => parseAuditFilters(new URLSearchParams(query));

describe("parseAuditFilters", () => {
  it("reads action, actor and target from the URL", () => {
    expect(parse(`action=client.updated&actor=${ACTOR}&targetType=client&targetId=abc`)).toEqual({
      action: "client.updated",
      actorUserId: ACTOR,
      targetType: "client",
      targetId: "abc",
    });
  });

  it("drops values the API would refuse (unknown action, actor that is not a uuid, too long)", () => {
    expect(parse(`action=client.exploded&actor=bob&targetType=${"t".repeat(65)}&targetId=%20`)).toEqual(EMPTY_AUDIT_FILTERS);
  });
});

describe("auditFiltersQuery / auditListInput", () => {
  it("round-trips and leaves unset filters out", () => {
    const filters = { ...EMPTY_AUDIT_FILTERS, action: "client.deleted" as const, actorUserId: ACTOR };
    const query = auditFiltersQuery(filters);
    expect(query).toBe(`?action=client.deleted&actor=${ACTOR}`);
    expect(parse(query.slice(1))).toEqual(filters);
    expect(auditFiltersQuery(EMPTY_AUDIT_FILTERS)).toBe("");
    expect(auditListInput("org-1", filters)).toEqual({ orgId: "org-1", limit: 50, action: "client.deleted", actorUserId: ACTOR });
  });

  it("knows when a filter is active", () => {
    expect(hasActiveAuditFilters(EMPTY_AUDIT_FILTERS)).toBe(false);
    expect(hasActiveAuditFilters({ ...EMPTY_AUDIT_FILTERS, targetId: "x" })).toBe(true);
  });
});

describe("auditActionLabel", () => {
  it("reads like a sentence", () => {
    expect(auditActionLabel("client.updated")).toBe("Client updated");
    expect(auditActionLabel("apikey.rotated")).toBe("API key rotated");
    expect(auditActionLabel("auth.sign_in.failed")).toBe("Auth sign in failed");
  });
});
