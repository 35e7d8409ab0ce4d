import { describe, expect, it } from "vitest";
import { createOrganizationInputSchema, slugify } from "../src/organizations";

describe("slugify", () => {
  it.each([
    ["Northwind Agency", "northwind-agency"],
    ["  Ça va? Studio!  ", "ca-va-studio"],
    ["A", "org-a"],
    ["!!!", "org-new"],
  ])("%s → %s", (name, slug) => expect(slugify(name)).toBe(slug));
});

describe("createOrganizationInputSchema", () => {
  it("rejects slugs with bad characters, naming the rule", () => {
    const result = createOrganizationInputSchema.safeParse({ name: "Acme", slug: "Acme_Inc" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("Use lower-case letters, digits and single hyphens");
  });
});
