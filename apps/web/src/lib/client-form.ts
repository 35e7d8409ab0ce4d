import { createClientInputSchema } from "@agency/validators";
import type { z } from "zod";
import type { ClientStatus } from "./client-filters";
import type { ClientRecord, RouterInputs } from "./router-types";

/** The editable fields of a client, validated by the API's own create schema (same messages in the form). */
export const clientFieldsSchema = createClientInputSchema.pick({ name: true, contactName: true, contactEmail: true, status: true });
export type ClientFields = z.output<typeof clientFieldsSchema>;
export type ClientPatch = RouterInputs["clients"]["update"]["patch"];

/** What the form's inputs hold: always strings (an empty contact means "none"). */
export interface ClientFormValues {
  name: string;
  contactName: string;
  contactEmail: string;
  status: ClientStatus;
}
export type ClientFormField = keyof ClientFormValues;
export type ClientFormErrors = Partial<Record<ClientFormField, string>>;

export const EMPTY_CLIENT_FORM: ClientFormValues = { name: "", contactName: "", contactEmail: "", status: "active" };

export function formValuesOf(client: Pick<ClientRecord, "name" | "contactName" | "contactEmail" | "status">): ClientFormValues {
  return {
    name: client.name,
    contactName: client.contactName ?? "",
    contactEmail: client.contactEmail ?? "",
    status: client.status,
  };
}

export type ParsedClientForm = { ok: true; data: ClientFields } | { ok: false; errors: ClientFormErrors };

/** Validates the form; blank contact fields become null (cleared), not an invalid email. */
export function parseClientForm(values: ClientFormValues): ParsedClientForm {
  const blankToNull = (value: string) => (value.trim() === "" ? null : value);
  const parsed = clientFieldsSchema.safeParse({
    name: values.name,
    contactName: blankToNull(values.contactName),
    contactEmail: blankToNull(values.contactEmail),
    status: values.status,
  });
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: ClientFormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as ClientFormField | undefined;
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return { ok: false, errors };
}

/** Only the fields that differ from the record the editor started from (the API refuses an empty patch). */
export function clientPatch(baseline: Pick<ClientRecord, ClientFormField>, data: ClientFields): ClientPatch | null {
  const patch: ClientPatch = {};
  if (data.name !== baseline.name) patch.name = data.name;
  if ((data.contactName ?? null) !== baseline.contactName) patch.contactName = data.contactName ?? null;
  if ((data.contactEmail ?? null) !== baseline.contactEmail) patch.contactEmail = data.contactEmail ?? null;
  if (data.status !== baseline.status) patch.status = data.status;
  return Object.keys(patch).length > 0 ? patch : null;
}

/** Fields where two versions of the form disagree (for "they changed X" in a conflict). */
export function changedFields(a: ClientFormValues, b: ClientFormValues): ClientFormField[] {
  return (Object.keys(a) as ClientFormField[]).filter((field) => a[field].trim() !== b[field].trim());
}

/** The record as it will be after `patch` (for an optimistic update); fields the patch leaves out stay as they are. */
export function applyClientPatch<C extends Pick<ClientRecord, ClientFormField>>(client: C, patch: ClientPatch): C {
  return {
    ...client,
    name: patch.name ?? client.name,
    contactName: patch.contactName === undefined ? client.contactName : patch.contactName,
    contactEmail: patch.contactEmail === undefined ? client.contactEmail : patch.contactEmail,
    status: patch.status ?? client.status,
  };
}
