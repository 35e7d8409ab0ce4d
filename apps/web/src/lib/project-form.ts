import { createProjectInputSchema, type projectPatchSchema, type ProjectDto } from "@agency/validators";
import type { z } from "zod";
import { minorToAmountInput, parseAmountInput } from "./money";
import type { ProjectStatus } from "./project-filters";

/** The editable fields: the output of the API's own create schema (same messages in the form), without the org. */
export type ProjectFields = Omit<z.output<typeof createProjectInputSchema>, "orgId">;
/** The create schema carries refinements (so no .omit()): the form validates with the org it will be sent to. */
const ANY_ORG = "00000000-0000-4000-8000-000000000000";
export type ProjectPatch = z.input<typeof projectPatchSchema>;

/** What the form's inputs hold: strings (an empty budget or date means "none"). */
export interface ProjectFormValues {
  clientId: string;
  name: string;
  description: string;
  status: ProjectStatus;
  budget: string;
  currency: string;
  startDate: string;
  dueDate: string;
}
export type ProjectFormField = keyof ProjectFormValues;
export type ProjectFormErrors = Partial<Record<ProjectFormField, string>>;

export const EMPTY_PROJECT_FORM: ProjectFormValues = {
  clientId: "",
  name: "",
  description: "",
  status: "active",
  budget: "",
  currency: "USD",
  startDate: "",
  dueDate: "",
};

export function formValuesOf(project: ProjectDto): ProjectFormValues {
  return {
    clientId: project.clientId,
    name: project.name,
    description: project.description,
    status: project.status,
    budget: minorToAmountInput(project.budgetMinor, project.currency),
    currency: project.currency,
    startDate: project.startDate ?? "",
    dueDate: project.dueDate ?? "",
  };
}

export type ParsedProjectForm = { ok: true; data: ProjectFields } | { ok: false; errors: ProjectFormErrors };

const FIELD_OF_SCHEMA_PATH: Record<string, ProjectFormField> = { budgetMinor: "budget" };

/** Validates the form with the shared schema; the budget is a decimal amount turned into minor units first. */
export function parseProjectForm(values: ProjectFormValues): ParsedProjectForm {
  const errors: ProjectFormErrors = {};
  const currency = values.currency.trim().toUpperCase();
  const budget = parseAmountInput(values.budget, /^[A-Z]{3}$/.test(currency) ? currency : "USD");
  if (!budget.ok) errors.budget = budget.error;
  const parsed = createProjectInputSchema.safeParse({
    orgId: ANY_ORG,
    clientId: values.clientId,
    name: values.name,
    description: values.description,
    status: values.status,
    budgetMinor: budget.ok ? budget.minor : null,
    currency: values.currency,
    startDate: values.startDate || null,
    dueDate: values.dueDate || null,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "");
      const field = FIELD_OF_SCHEMA_PATH[key] ?? (key as ProjectFormField);
      if (field && !errors[field]) errors[field] = issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  const { orgId: _orgId, ...data } = parsed.data;
  return { ok: true, data };
}

/** Only the fields that differ from the record the editor started from (the API refuses an empty patch). */
export function projectPatch(baseline: ProjectDto, data: ProjectFields): ProjectPatch | null {
  const patch: ProjectPatch = {};
  if (data.clientId !== baseline.clientId) patch.clientId = data.clientId;
  if (data.name !== baseline.name) patch.name = data.name;
  if (data.description !== baseline.description) patch.description = data.description;
  if (data.status !== baseline.status) patch.status = data.status;
  if (data.budgetMinor !== baseline.budgetMinor) patch.budgetMinor = data.budgetMinor;
  if (data.currency !== baseline.currency) patch.currency = data.currency;
  if (data.startDate !== baseline.startDate) patch.startDate = data.startDate;
  if (data.dueDate !== baseline.dueDate) patch.dueDate = data.dueDate;
  return Object.keys(patch).length > 0 ? patch : null;
}
