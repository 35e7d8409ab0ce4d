import { changedFields, formValuesOf, type ClientFormField, type ClientFormValues } from "~/lib/client-form";
import type { ClientRecord } from "~/lib/router-types";
import { Button } from "../ui/button";
import { STATUS_LABELS } from "./client-status-badge";

const FIELD_LABELS: Record<ClientFormField, string> = {
  name: "Name",
  contactName: "Contact name",
  contactEmail: "Contact email",
  status: "Status",
};

function shown(field: ClientFormField, values: ClientFormValues) {
  const value = field === "status" ? STATUS_LABELS[values.status] : values[field];
  return value.trim() === "" ? "(empty)" : value;
}

/**
 * The save lost a race: someone saved a newer version first. Shows what they
 * changed, and lets the user take theirs ("Load latest") or keep their own
 * edits on top of it (the next save then overwrites knowingly).
 */
export function ClientConflictNotice({
  baseline,
  latest,
  onLoadLatest,
  onKeepMine,
}: {
  baseline: ClientRecord;
  latest: ClientRecord;
  onLoadLatest: () => void;
  onKeepMine: () => void;
}) {
  const theirs = formValuesOf(latest);
  const fields = changedFields(formValuesOf(baseline), theirs);
  return (
    <div role="alert" data-testid="client-conflict" className="rounded-lg bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
      <p className="font-semibold">Someone else changed this client while you were editing.</p>
      <p className="mt-1">Your changes were not saved. The latest version (version {latest.version}) has:</p>
      {fields.length > 0 ? (
        <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1">
          {fields.map((field) => (
            <div key={field} className="contents">
              <dt className="font-medium">{FIELD_LABELS[field]}</dt>
              <dd className="break-words" data-testid={`conflict-${field}`}>
                {shown(field, theirs)}
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="mt-1">No visible field changed (it may have been moved to the trash and back).</p>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        <Button onClick={onLoadLatest}>Load latest</Button>
        <Button variant="secondary" onClick={onKeepMine}>
          Keep my changes
        </Button>
      </div>
    </div>
  );
}
