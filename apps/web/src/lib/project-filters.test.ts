import { describe, expect, it } from "vitest";
import { DEFAULT_PROJECT_FILTERS, parseProjectFilters, projectFiltersQuery, projectListInput } from "./project-filters";

const CLIENT = "00000000-0000-4000-8000-000000000001";

describe("project filters in the URL", () => {
  it("round-trips, leaving defaults out", () => {
    const filters = {
      q: "site",
      status: "on_hold" as const,
      clientId: CLIENT,
      sort: "newest" as const,
      view: "trash" as const,
    };
    const query = projectFiltersQuery(filters);
    expect(query).toBe(`?q=site&status=on_hold&client=${CLIENT}&sort=newest&view=trash`);
    expect(parseProjectFilters(new URLSearchParams(query))).toEqual(filters);
    expect(projectFiltersQuery(DEFAULT_PROJECT_FILTERS)).toBe("");
  });

  it("falls back to defaults for anything malformed", () => {
    expect(parseProjectFilters(new URLSearchParams("status=nope&client=not-a-uuid&sort=rand&view=x"))).toEqual(
      DEFAULT_PROJECT_FILTERS,
    );
  });

  it("builds the list input", () => {
    expect(projectListInput("org", { ...DEFAULT_PROJECT_FILTERS, q: "  web ", clientId: CLIENT })).toEqual({
      orgId: "org",
      limit: 25,
      sort: "name",
      deleted: false,
      search: "web",
      clientId: CLIENT,
    });
  });
});
