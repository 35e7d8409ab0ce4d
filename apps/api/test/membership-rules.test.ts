import type { Role } from "@agency/validators";
import { describe, expect, it } from "vitest";
import { assertMembershipChangeAllowed } from "../src/services/organizations/membership-rules";

const change = (actorRole: Role, targetRole: Role, newRole: Role | null, opts: { self?: boolean; owners?: number } = {}) => () =>
  assertMembershipChangeAllowed({
    actor: { userId: "actor", role: actorRole },
    target: { userId: opts.self ? "actor" : "target", role: targetRole },
    newRole,
    ownerCount: opts.owners ?? 2,
  });

describe("membership rules", () => {
  it("keeps at least one owner: the last owner cannot be demoted, removed, or leave", () => {
    expect(change("owner", "owner", "admin", { owners: 1 })).toThrow(/at least one owner/);
    expect(change("owner", "owner", null, { owners: 1 })).toThrow(/at least one owner/);
    expect(change("owner", "owner", null, { self: true, owners: 1 })).toThrow(/at least one owner/);
    expect(change("owner", "owner", null, { self: true, owners: 2 })).not.toThrow();
  });

  it("lets only owners grant owner or touch an owner", () => {
    expect(change("admin", "member", "owner")).toThrow(/Only owners/);
    expect(change("admin", "owner", "admin")).toThrow(/Only owners/);
    expect(change("admin", "owner", null)).toThrow(/Only owners/);
    expect(change("owner", "member", "owner")).not.toThrow();
    expect(change("owner", "owner", "member")).not.toThrow();
  });

  it("stops anyone changing their own role (no self-escalation)", () => {
    expect(change("admin", "admin", "owner", { self: true })).toThrow(/your own role/);
    expect(change("owner", "owner", "admin", { self: true })).toThrow(/your own role/);
  });

  it("lets admins manage members and viewers, and anyone leave", () => {
    expect(change("admin", "member", "viewer")).not.toThrow();
    expect(change("admin", "viewer", null)).not.toThrow();
    expect(change("admin", "admin", null)).not.toThrow();
    expect(change("viewer", "viewer", null, { self: true })).not.toThrow();
  });
});
