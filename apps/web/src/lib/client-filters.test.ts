import { describe, expect, it } from "vitest";
import { clientFiltersQuery, clientListInput, DEFAULT_CLIENT_FILTERS, hasActiveClientFilters, parseClientFilters } from "./client-filters";

const parse = (query: string) => parseClientFilters(new URLSearchParams(query));

describe("parseClientFilters", () => {
  it("reads search, status, sort and the trash view from the URL", () => {
    expect(parse("q=%20acme%20&status=paused&sort=newest&view=trash")).toEqual({
      q: "acme",
      status: "paused",
      sort: "newest",
      view: "trash",
    });
  });

  it("falls back to the defaults for missing or unknown values instead of failing", () => {
    expect(parse("")).toEqual(DEFAULT_CLIENT_FILTERS);
    expect(parse("status=deleted&sort=oldest&view=everything")).toEqual(DEFAULT_CLIENT_FILTERS);
  });

  it("caps the search at the API's 100 characters", () => {
    expect(parse(`q=${"x".repeat(150)}`).q).toHaveLength(100);
  });
});

describe("clientFiltersQuery", () => {
  it("leaves defaults out of the URL", () => {
    expect(clientFiltersQuery(DEFAULT_CLIENT_FILTERS)).toBe("");
    expect(clientFiltersQuery({ ...DEFAULT_CLIENT_FILTERS, q: "  " })).toBe("");
  });

  it("round-trips through parseClientFilters", () => {
    const filters = { q: "Acme & Co", status: "archived", sort: "newest", view: "trash" } as const;
    const query = clientFiltersQuery(filters);
    expect(query).toBe("?q=Acme+%26+Co&status=archived&sort=newest&view=trash");
    expect(parse(query.slice(1))).toEqual(filters);
  });
});

describe("clientListInput", () => {
  it("sends only the filters that are set, and the trash as deleted: true", () => {
    expect(clientListInput("org-1", DEFAULT_CLIENT_FILTERS)).toEqual({ orgId: "org-1", limit: 25, sort: "name", deleted: false });
    expect(clientListInput("org-1", { q: " acme ", status: "active", sort: "newest", view: "trash" })).toEqual({
      orgId: "org-1",
      limit: 25,
      sort: "newest",
      deleted: true,
      search: "acme",
      status: "active",
    });
  });
});

describe("hasActiveClientFilters", () => {
  it("is true for a search or a status, not for the sort", () => {
    expect(hasActiveClientFilters(DEFAULT_CLIENT_FILTERS)).toBe(false);
    expect(hasActiveClientFilters({ ...DEFAULT_CLIENT_FILTERS, sort: "newest" })).toBe(false);
    expect(hasActiveClientFilters({ ...DEFAULT_CLIENT_FILTERS, q: "a" })).toBe(true);
    expect(hasActiveClientFilters({ ...DEFAULT_CLIENT_FILTERS, status: "paused" })).toBe(true);
  });
});
