import { describe, expect, it } from "vitest";
import { describeAuditMetadata, fieldLabel, formatAuditValue } from "./audit-metadata";

describe("describeAuditMetadata", () => {
  it("lists each changed field of a client update as before → after", () => {
    const metadata = {
      changes: {
        name: { before: "Acme", after: "Acme Corp" },
        contactEmail: { before: null, after: "ceo@acme.test" },
      },
    };
    expect(describeAuditMetadata(metadata)).toEqual([
      { kind: "change", field: "Name", before: "Acme", after: "Acme Corp" },
      { kind: "change", field: "Contact email", before: "(empty)", after: "ceo@acme.test" },
    ]);
  });

  it("reads top-level changes and plain values too", () => {
    expect(describeAuditMetadata({ role: { before: "member", after: "viewer" }, otherSessionsRevoked: 2 })).toEqual([
      { kind: "change", field: "Role", before: "member", after: "viewer" },
      { kind: "value", field: "Other sessions revoked", value: "2" },
    ]);
  });

  it("shows nothing for empty metadata and JSON for odd shapes", () => {
    expect(describeAuditMetadata(null)).toEqual([]);
    expect(describeAuditMetadata({})).toEqual([]);
    expect(describeAuditMetadata({ changes: {} })).toEqual([]);
    expect(describeAuditMetadata(["a", 1])).toEqual([{ kind: "value", field: "Details", value: '["a",1]' }]);
    expect(describeAuditMetadata({ nested: { a: 1 } })).toEqual([{ kind: "value", field: "Nested", value: '{"a":1}' }]);
  });
});

describe("fieldLabel / formatAuditValue", () => {
  it("humanizes keys and values", () => {
    expect(fieldLabel("contactName")).toBe("Contact name");
    expect(fieldLabel("user_agent")).toBe("User agent");
    expect(formatAuditValue("")).toBe("(empty)");
    expect(formatAuditValue(false)).toBe("false");
  });
});
