import { CLIENT_STATUSES } from "~/lib/client-filters";
import type { ClientFormErrors, ClientFormField, ClientFormValues } from "~/lib/client-form";
import { SelectField, TextField } from "../ui/field";
import { STATUS_LABELS } from "./client-status-badge";

/** The four client fields, controlled; used by the create form and the editor. */
export function ClientFormFields({
  idPrefix,
  values,
  errors,
  disabled,
  onChange,
  autoFocus,
}: {
  idPrefix: string;
  values: ClientFormValues;
  errors: ClientFormErrors;
  disabled?: boolean;
  onChange: <F extends ClientFormField>(field: F, value: ClientFormValues[F]) => void;
  autoFocus?: boolean;
}) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <TextField
        id={`${idPrefix}-name`}
        name="name"
        label="Client name"
        autoComplete="organization"
        autoFocus={autoFocus}
        value={values.name}
        error={errors.name}
        disabled={disabled}
        onChange={(event) => onChange("name", event.target.value)}
      />
      <SelectField
        id={`${idPrefix}-status`}
        name="status"
        label="Status"
        value={values.status}
        error={errors.status}
        disabled={disabled}
        onChange={(event) => onChange("status", event.target.value as ClientFormValues["status"])}
      >
        {CLIENT_STATUSES.map((status) => (
          <option key={status} value={status}>
            {STATUS_LABELS[status]}
          </option>
        ))}
      </SelectField>
      <TextField
        id={`${idPrefix}-contact-name`}
        name="contactName"
        label="Contact name"
        optional
        autoComplete="off"
        value={values.contactName}
        error={errors.contactName}
        disabled={disabled}
        onChange={(event) => onChange("contactName", event.target.value)}
      />
      <TextField
        id={`${idPrefix}-contact-email`}
        name="contactEmail"
        label="Contact email"
        optional
        type="email"
        inputMode="email"
        autoComplete="off"
        spellCheck={false}
        value={values.contactEmail}
        error={errors.contactEmail}
        disabled={disabled}
        onChange={(event) => onChange("contactEmail", event.target.value)}
      />
    </div>
  );
}
