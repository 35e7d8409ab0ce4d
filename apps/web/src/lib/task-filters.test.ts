import { describe, expect, it } from "vitest";
import {
  clearedTaskFilters,
  DEFAULT_TASK_FILTERS,
  dueRangeInvalid,
  hasActiveTaskFilters,
  parseTaskFilters,
  taskFiltersQuery,
  taskListInput,
  toggled,
  type TaskFilters,
} from "./task-filters";

const ORG = "7f4e2a40-1c1d-4a55-9a55-0c3c2b1d9e01";
const MEMBER = "0b8f6a2e-52b5-4c3e-8e0a-3d2f1e4c5b6a";
const PROJECT = "3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99";
const parse = (query: string) => parseTaskFilters(new URLSearchParams(query));

describe("parseTaskFilters", () => {
  it("reads every filter from the URL", () => {
    expect(
      parse(
        `q=%20logo%20&status=review,todo&priority=urgent&assignee=${MEMBER}&project=${PROJECT}&label=Design&dueFrom=2026-12-01&dueTo=2026-12-31&sort=due&view=trash`,
      ),
    ).toEqual({
      q: "logo",
      status: ["todo", "review"],
      priority: ["urgent"],
      assignee: MEMBER,
      project: PROJECT,
      label: "design",
      dueFrom: "2026-12-01",
      dueTo: "2026-12-31",
      sort: "due",
      view: "trash",
    });
  });

  it("falls back to the defaults for missing, unknown or malformed values instead of failing", () => {
    expect(parse("")).toEqual(DEFAULT_TASK_FILTERS);
    expect(
      parse(
        "status=blocked&priority=meh&assignee=bob&project=42&dueFrom=2026-13-01&dueTo=0002-01-01&sort=oldest&view=all",
      ),
    ).toEqual(DEFAULT_TASK_FILTERS);
  });

  it("keeps unassigned as a filter and drops unknown values from lists", () => {
    expect(parse("assignee=me").assignee).toBe("me");
    expect(taskListInput("00000000-0000-4000-8000-000000000000", parse("assignee=me"))).toMatchObject({ assigneeId: "me" });
    const filters = parse("assignee=none&status=done,nope,done");
    expect(filters.assignee).toBe("none");
    expect(filters.status).toEqual(["done"]);
  });

  it("allows board order only inside a project", () => {
    expect(parse("sort=position").sort).toBe("newest");
    expect(parse(`sort=position&project=${PROJECT}`).sort).toBe("position");
  });

  it("caps the search at the API's 100 characters", () => {
    expect(parse(`q=${"x".repeat(150)}`).q).toHaveLength(100);
  });
});

describe("taskFiltersQuery", () => {
  it("leaves defaults out of the URL", () => {
    expect(taskFiltersQuery(DEFAULT_TASK_FILTERS)).toBe("");
    expect(taskFiltersQuery({ ...DEFAULT_TASK_FILTERS, q: "   ", label: " " })).toBe("");
  });

  it("round-trips through parseTaskFilters", () => {
    const filters: TaskFilters = {
      q: "Logo & icons",
      status: ["in_progress", "review"],
      priority: ["high", "urgent"],
      assignee: "none",
      project: PROJECT,
      label: "design",
      dueFrom: "2026-01-01",
      dueTo: "2026-02-01",
      sort: "position",
      view: "trash",
    };
    const query = taskFiltersQuery(filters);
    expect(query).toContain("status=in_progress%2Creview");
    expect(query).toContain("q=Logo+%26+icons");
    expect(parse(query.slice(1))).toEqual(filters);
  });
});

describe("taskListInput", () => {
  it("sends only what is set", () => {
    expect(taskListInput(ORG, DEFAULT_TASK_FILTERS)).toEqual({ orgId: ORG, limit: 25, sort: "newest", deleted: false });
  });

  it("maps every filter to the API's names", () => {
    const input = taskListInput(ORG, {
      ...DEFAULT_TASK_FILTERS,
      q: "logo",
      status: ["todo"],
      priority: ["low"],
      assignee: MEMBER,
      project: PROJECT,
      label: "Design",
      dueFrom: "2026-01-01",
      dueTo: "2026-01-31",
      view: "trash",
    });
    expect(input).toEqual({
      orgId: ORG,
      limit: 25,
      sort: "newest",
      deleted: true,
      search: "logo",
      status: ["todo"],
      priority: ["low"],
      assigneeId: MEMBER,
      projectId: PROJECT,
      label: "design",
      dueFrom: "2026-01-01",
      dueTo: "2026-01-31",
    });
  });

  it("holds back a one-letter search and a backwards due range, which the API would refuse", () => {
    const input = taskListInput(ORG, { ...DEFAULT_TASK_FILTERS, q: "a", dueFrom: "2026-02-01", dueTo: "2026-01-01" });
    expect(input).not.toHaveProperty("search");
    expect(input).not.toHaveProperty("dueTo");
    expect(input.dueFrom).toBe("2026-02-01");
    expect(dueRangeInvalid({ dueFrom: "2026-02-01", dueTo: "2026-01-01" })).toBe(true);
  });
});

describe("filter helpers", () => {
  it("knows when anything narrows the list", () => {
    expect(hasActiveTaskFilters(DEFAULT_TASK_FILTERS)).toBe(false);
    expect(hasActiveTaskFilters({ ...DEFAULT_TASK_FILTERS, sort: "due", view: "trash" })).toBe(false);
    expect(hasActiveTaskFilters({ ...DEFAULT_TASK_FILTERS, priority: ["high"] })).toBe(true);
  });

  it("clears filters but keeps the view and a sort that still works", () => {
    const filters = {
      ...DEFAULT_TASK_FILTERS,
      q: "x",
      project: PROJECT,
      sort: "position" as const,
      view: "trash" as const,
    };
    expect(clearedTaskFilters(filters)).toEqual({ ...DEFAULT_TASK_FILTERS, view: "trash" });
    expect(clearedTaskFilters({ ...filters, sort: "due" }).sort).toBe("due");
  });

  it("toggles a value in the enum's order", () => {
    const options = ["todo", "in_progress", "review", "done"] as const;
    expect(toggled(["done"], "todo", options)).toEqual(["todo", "done"]);
    expect(toggled(["todo", "done"], "todo", options)).toEqual(["done"]);
  });
});
