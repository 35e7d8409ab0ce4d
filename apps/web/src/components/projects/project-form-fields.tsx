"use client";

import { dateInputHint } from "~/lib/dates";
import type { ProjectFormErrors, ProjectFormField, ProjectFormValues } from "~/lib/project-form";
import { PROJECT_STATUSES, PROJECT_STATUS_LABELS } from "~/lib/project-filters";
import { fieldControlClass, SelectField, TextField } from "../ui/field";
import { useClientOptions } from "./use-client-options";

/** The project fields, controlled; used by the create form and the editor. */
export function ProjectFormFields({
  orgId,
  idPrefix,
  values,
  errors,
  disabled,
  onChange,
  autoFocus,
  /** The client the project has now, kept selectable even when it is not in the picker's list (in the trash). */
  currentClient,
}: {
  orgId: string;
  idPrefix: string;
  values: ProjectFormValues;
  errors: ProjectFormErrors;
  disabled?: boolean;
  onChange: <F extends ProjectFormField>(field: F, value: ProjectFormValues[F]) => void;
  autoFocus?: boolean;
  currentClient?: { id: string; name: string };
}) {
  const clients = useClientOptions(orgId);
  const options = clients.data?.items ?? [];
  const missingCurrent = currentClient && !options.some((client) => client.id === currentClient.id);
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <TextField
        id={`${idPrefix}-name`}
        name="name"
        label="Project name"
        autoComplete="off"
        autoFocus={autoFocus}
        value={values.name}
        error={errors.name}
        disabled={disabled}
        onChange={(event) => onChange("name", event.target.value)}
      />
      <SelectField
        id={`${idPrefix}-client`}
        name="clientId"
        label="Client"
        value={values.clientId}
        error={errors.clientId ?? (clients.isError ? "Clients could not be loaded. Reload to try again." : undefined)}
        hint={!clients.isPending && options.length === 0 ? "Add a client first on the Clients page." : undefined}
        disabled={disabled || clients.isPending}
        onChange={(event) => onChange("clientId", event.target.value)}
      >
        <option value="">{clients.isPending ? "Loading clients…" : "Choose a client"}</option>
        {missingCurrent && <option value={currentClient.id}>{currentClient.name}</option>}
        {options.map((client) => (
          <option key={client.id} value={client.id}>
            {client.name}
          </option>
        ))}
      </SelectField>
      <SelectField
        id={`${idPrefix}-status`}
        name="status"
        label="Status"
        value={values.status}
        error={errors.status}
        disabled={disabled}
        onChange={(event) => onChange("status", event.target.value as ProjectFormValues["status"])}
      >
        {PROJECT_STATUSES.map((status) => (
          <option key={status} value={status}>
            {PROJECT_STATUS_LABELS[status]}
          </option>
        ))}
      </SelectField>
      <div className="grid grid-cols-[minmax(0,1fr)_6rem] gap-3">
        <TextField
          id={`${idPrefix}-budget`}
          name="budget"
          label="Budget"
          optional
          inputMode="decimal"
          placeholder="12500.00"
          autoComplete="off"
          value={values.budget}
          error={errors.budget}
          disabled={disabled}
          onChange={(event) => onChange("budget", event.target.value)}
        />
        <TextField
          id={`${idPrefix}-currency`}
          name="currency"
          label="Currency"
          maxLength={3}
          autoComplete="off"
          spellCheck={false}
          className={`${fieldControlClass} uppercase`}
          value={values.currency}
          error={errors.currency}
          disabled={disabled}
          onChange={(event) => onChange("currency", event.target.value.toUpperCase())}
        />
      </div>
      <TextField
        id={`${idPrefix}-start`}
        name="startDate"
        label="Start date"
        optional
        type="date"
        hint={dateInputHint(values.startDate)}
        value={values.startDate}
        error={errors.startDate}
        disabled={disabled}
        onChange={(event) => onChange("startDate", event.target.value)}
      />
      <TextField
        id={`${idPrefix}-due`}
        name="dueDate"
        label="Due date"
        optional
        type="date"
        hint={dateInputHint(values.dueDate)}
        value={values.dueDate}
        error={errors.dueDate}
        disabled={disabled}
        onChange={(event) => onChange("dueDate", event.target.value)}
      />
      <div className="min-w-0 sm:col-span-2">
        <label htmlFor={`${idPrefix}-description`} className="block text-sm font-medium text-slate-800">
          Description <span className="font-normal text-slate-500">(optional)</span>
        </label>
        <textarea
          id={`${idPrefix}-description`}
          name="description"
          rows={3}
          value={values.description}
          disabled={disabled}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={errors.description ? `${idPrefix}-description-error` : undefined}
          onChange={(event) => onChange("description", event.target.value)}
          className={fieldControlClass}
        />
        {errors.description && (
          <p id={`${idPrefix}-description-error`} className="mt-1 text-sm text-rose-700">
            {errors.description}
          </p>
        )}
      </div>
    </div>
  );
}
