import { auditActionSchema, listAuditLogInputSchema, type AuditAction } from "@agency/validators";
import type { RouterInputs } from "./router-types";
import { toQueryString, type SearchParamsReader } from "./search-params";

/** The audit log as the URL describes it: `?action=&actor=&targetType=&targetId=`. */
export interface AuditFilters {
  action: AuditAction | null;
  actorUserId: string | null;
  targetType: string | null;
  targetId: string | null;
}

export const AUDIT_ACTIONS = auditActionSchema.options;
export const EMPTY_AUDIT_FILTERS: AuditFilters = { action: null, actorUserId: null, targetType: null, targetId: null };
export const AUDIT_PAGE_SIZE = 50;

const shape = listAuditLogInputSchema.shape;

function pick<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, raw: string | null): T | null {
  const value = raw?.trim();
  if (!value) return null;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Reads the filters from the URL with the API's own schemas; a malformed value is dropped, never sent. */
export function parseAuditFilters(params: SearchParamsReader): AuditFilters {
  return {
    action: pick(auditActionSchema, params.get("action")),
    actorUserId: pick(shape.actorUserId.unwrap(), params.get("actor")),
    targetType: pick(shape.targetType.unwrap(), params.get("targetType")),
    targetId: pick(shape.targetId.unwrap(), params.get("targetId")),
  };
}

export function auditFiltersQuery(filters: AuditFilters): string {
  return toQueryString({
    action: filters.action,
    actor: filters.actorUserId,
    targetType: filters.targetType,
    targetId: filters.targetId,
  });
}

export function auditListInput(orgId: string, filters: AuditFilters): Omit<RouterInputs["audit"]["list"], "cursor"> {
  return {
    orgId,
    limit: AUDIT_PAGE_SIZE,
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.actorUserId ? { actorUserId: filters.actorUserId } : {}),
    ...(filters.targetType ? { targetType: filters.targetType } : {}),
    ...(filters.targetId ? { targetId: filters.targetId } : {}),
  };
}

export function hasActiveAuditFilters(filters: AuditFilters): boolean {
  return Object.values(filters).some((value) => value !== null);
}

/** "client.updated" → "Client updated", "auth.sign_in.failed" → "Auth sign in failed". */
export function auditActionLabel(action: string): string {
  const words = action.replace(/^apikey\./, "API key.").replace(/[._]/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
