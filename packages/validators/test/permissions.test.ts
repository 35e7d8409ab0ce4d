import { describe, expect, it } from "vitest";
import { ALL_PERMISSIONS, PERMISSIONS_BY_ROLE, roleHasPermission, roleSchema } from "../src/permissions";

describe("permission table", () => {
  it("gives the owner every permission", () => {
    for (const permission of ALL_PERMISSIONS) expect(roleHasPermission("owner", permission)).toBe(true);
  });

  it("is cumulative: each role holds every permission of the role below it", () => {
    const order = ["viewer", "member", "admin", "owner"] as const;
    for (let i = 1; i < order.length; i++) {
      const lower = PERMISSIONS_BY_ROLE[order[i - 1]!];
      const higher = PERMISSIONS_BY_ROLE[order[i]!] as readonly string[];
      for (const permission of lower) expect(higher, `${order[i]} lacks ${permission}`).toContain(permission);
    }
  });

  it.each([
    ["viewer", "task:read", true],
    ["viewer", "task:write", false],
    ["member", "task:write", true],
    ["member", "member:invite", false],
    ["admin", "member:invite", true],
    ["admin", "owner:manage", false],
    ["admin", "billing:manage", false],
    ["owner", "billing:manage", true],
    ["member", "integration:manage", false],
    ["viewer", "integration:manage", false],
    ["admin", "integration:manage", true],
    ["owner", "integration:manage", true],
  ] as const)("%s → %s is %s", (role, permission, allowed) => {
    expect(roleHasPermission(role, permission)).toBe(allowed);
  });

  it("knows exactly four roles", () => {
    expect(roleSchema.options).toEqual(["owner", "admin", "member", "viewer"]);
  });
});
