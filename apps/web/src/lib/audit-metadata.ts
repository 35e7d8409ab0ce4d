/** One readable line of an audit entry's metadata: a change (before → after) or a plain value. */
export type AuditDetail =
  | { kind: "change"; field: string; before: string; after: string }
  | { kind: "value"; field: string; value: string };

const EMPTY = "(empty)";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isChange(value: unknown): value is { before: unknown; after: unknown } {
  return isRecord(value) && "before" in value && "after" in value && Object.keys(value).length === 2;
}

/** "contactEmail" → "Contact email", "other_sessions" → "Other sessions". */
export function fieldLabel(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A metadata value as text: empty values say so, objects become compact JSON. */
export function formatAuditValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return EMPTY;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/**
 * Audit metadata comes in a few shapes (`{ changes: { field: { before, after } } }`,
 * `{ field: { before, after } }`, `{ field: value }`); all become a flat list of
 * readable lines. Anything else (arrays, scalars) is shown as one JSON value.
 */
export function describeAuditMetadata(metadata: unknown): AuditDetail[] {
  if (metadata === null || metadata === undefined) return [];
  if (!isRecord(metadata)) return [{ kind: "value", field: "Details", value: formatAuditValue(metadata) }];
  const { changes, ...rest } = metadata;
  const entries = [...(isRecord(changes) ? Object.entries(changes) : changes === undefined ? [] : [["changes", changes] as const]), ...Object.entries(rest)];
  return entries.map(([key, value]): AuditDetail => {
    const field = fieldLabel(key);
    if (isChange(value)) {
      return { kind: "change", field, before: formatAuditValue(value.before), after: formatAuditValue(value.after) };
    }
    return { kind: "value", field, value: formatAuditValue(value) };
  });
}
