import type { ProjectDto } from "@agency/validators";
import { describe, expect, it } from "vitest";
import { EMPTY_PROJECT_FORM, formValuesOf, parseProjectForm, projectPatch } from "./project-form";

const CLIENT = "00000000-0000-4000-8000-000000000001";
const project: ProjectDto = {
  id: "00000000-0000-4000-8000-0000000000aa",
  clientId: CLIENT,
  client: { id: CLIENT, name: "Acme" },
  name: "Website",
  description: "",
  status: "active",
  budgetMinor: 1250000,
  currency: "USD",
  startDate: "2026-12-01",
  dueDate: null,
  taskCounts: { todo: 0, in_progress: 0, review: 0, done: 0 },
  version: 3,
  createdAt: "2026-11-26T00:00:00.000Z",
  updatedAt: "2026-11-26T00:00:00.000Z",
  deletedAt: null,
};

describe("parseProjectForm", () => {
  it("uses the shared schema's messages, and the budget's own", () => {
    const result = parseProjectForm({
      ...EMPTY_PROJECT_FORM,
      name: " ",
      budget: "12.345",
      startDate: "2026-12-10",
      dueDate: "2026-12-01",
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        budget: "Use at most 2 decimals",
        clientId: "Choose a client",
        name: "Name is required",
        dueDate: "The due date cannot be before the start date",
      },
    });
  });

  it("converts the budget to minor units and blanks to null", () => {
    const result = parseProjectForm({
      ...EMPTY_PROJECT_FORM,
      clientId: CLIENT,
      name: " Site ",
      budget: "12,500.5",
      currency: "eur",
    });
    expect(result).toEqual({
      ok: true,
      data: {
        clientId: CLIENT,
        name: "Site",
        description: "",
        status: "active",
        budgetMinor: 1250050,
        currency: "EUR",
        startDate: null,
        dueDate: null,
      },
    });
  });

  it("rejects a malformed currency with the schema's message", () => {
    const result = parseProjectForm({ ...EMPTY_PROJECT_FORM, clientId: CLIENT, name: "X", currency: "DOLLARS" });
    expect(result).toEqual({ ok: false, errors: { currency: "Use a three-letter currency code like USD" } });
  });
});

describe("projectPatch", () => {
  it("holds only what changed, and is null when nothing did", () => {
    const same = parseProjectForm(formValuesOf(project));
    if (!same.ok) throw new Error("expected a valid form");
    expect(projectPatch(project, same.data)).toBeNull();
    const changed = parseProjectForm({ ...formValuesOf(project), budget: "", dueDate: "2027-01-31" });
    if (!changed.ok) throw new Error("expected a valid form");
    expect(projectPatch(project, changed.data)).toEqual({ budgetMinor: null, dueDate: "2027-01-31" });
  });
});
