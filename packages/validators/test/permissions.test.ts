import { describe, expect, it } from "vitest";
import { apiKeyScopesSchema } from "../src/api-keys";
import { ALL_PERMISSIONS, leastRoleWith, PERMISSIONS_BY_ROLE, roleHasPermission, roleSchema } from "../src/permissions";

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
    ["member", "apikey:manage", false],
    ["admin", "apikey:manage", true],
    ["owner", "apikey:manage", true],
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

  it.each([
    [["task:read"], "viewer"],
    [["task:read", "task:write"], "member"],
    [["task:read", "apikey:manage"], "admin"],
    [["member:manage"], "admin"],
    [["owner:manage"], "owner"],
  ] as const)("the least role holding %j is %s (an API key's service membership)", (scopes, role) => {
    expect(leastRoleWith(scopes)).toBe(role);
  });

  it("accepts API key scopes only from the table, de-duplicated in the table's order", () => {
    expect(apiKeyScopesSchema.parse(["task:write", "task:read", "task:write"])).toEqual(["task:read", "task:write"]);
    expect(apiKeyScopesSchema.safeParse(["task:admin"]).success).toBe(false);
    expect(apiKeyScopesSchema.safeParse([]).success).toBe(false);
  });
});
