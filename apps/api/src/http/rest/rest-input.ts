import { pageInputSchema } from "@agency/validators";
import { z } from "zod";
import { AppError } from "../../errors/app-error";
import type { RestOperation } from "./operations";

/** The header orgProcedure reads when the input names no organization. */
export const ORG_HEADER = "x-org-id";
/** A list's page size when the query names none (the pagination schema's default). */
export const DEFAULT_PAGE_LIMIT = pageInputSchema.shape.limit.parse(undefined);

type QueryKind = "string" | "number" | "boolean" | "array";

/** What a query field holds once optional/default/nullable/pipe wrappers are looked through. */
function queryKind(schema: z.ZodType): QueryKind {
  let inner: z.ZodType = schema;
  for (;;) {
    if (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) inner = inner.unwrap() as z.ZodType;
    else if (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault) inner = inner.unwrap() as z.ZodType;
    else if (inner instanceof z.ZodPipe) inner = inner.in as z.ZodType;
    else break;
  }
  if (inner instanceof z.ZodArray) return "array";
  if (inner instanceof z.ZodNumber) return "number";
  if (inner instanceof z.ZodBoolean) return "boolean";
  return "string";
}

/** The operation's query parameters and how each is read from its string(s). */
export function queryParameters(
  operation: Pick<RestOperation, "input" | "pathParams" | "method">,
): Map<string, QueryKind> {
  const fields = new Map<string, QueryKind>();
  const inQuery = operation.method === "GET" || operation.method === "DELETE";
  for (const [name, schema] of Object.entries(operation.input.shape)) {
    if (operation.pathParams.includes(name)) continue;
    // Body operations take only the organization in the query (or the header).
    if (!inQuery && name !== "orgId") continue;
    fields.set(name, queryKind(schema as z.ZodType));
  }
  return fields;
}

const bad = (message: string, details?: Record<string, unknown>) => new AppError("BAD_REQUEST", message, details);

/**
 * Query strings as the procedure's input expects them: numbers and booleans from their text
 * (anything else stays a string, so the procedure's own validation refuses it), arrays from
 * repeated or comma-separated values. Unknown or repeated parameters are refused: a typo must
 * not silently widen a list. The zod schemas themselves are never changed.
 */
export function readQuery(search: URLSearchParams, fields: Map<string, QueryKind>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const name of new Set(search.keys())) {
    const kind = fields.get(name);
    if (!kind) {
      const known = [...fields.keys()];
      throw bad(`Unknown query parameter "${name.slice(0, 100)}".`, { parameter: name.slice(0, 100), known });
    }
    const values = search.getAll(name);
    if (kind === "array") {
      input[name] = values.flatMap((value) => value.split(","));
      continue;
    }
    if (values.length > 1) throw bad(`The query parameter "${name}" was sent more than once.`, { parameter: name });
    const value = values[0]!;
    if (kind === "number" && /^-?\d{1,16}$/.test(value)) input[name] = Number(value);
    else if (kind === "boolean" && (value === "true" || value === "false")) input[name] = value === "true";
    else input[name] = value;
  }
  return input;
}

/** A JSON body as the procedure's input: `patch` operations take the changed fields flat. */
export function readBody(body: unknown, operation: Pick<RestOperation, "bodyAs">): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== "object" || Array.isArray(body)) throw bad("The request body must be a JSON object.");
  const fields = body as Record<string, unknown>;
  if (operation.bodyAs !== "patch") return { ...fields };
  const { orgId, expectedVersion, ...patch } = fields;
  return {
    ...(orgId === undefined ? {} : { orgId }),
    ...(expectedVersion === undefined ? {} : { expectedVersion }),
    patch,
  };
}

/** `"3"` or `W/"3"` → 3; absent → null. Versions are positive integers, nothing else matches. */
export function parseIfMatch(header: string | undefined): number | null {
  if (header === undefined) return null;
  const match = /^\s*(?:W\/)?"(\d{1,10})"\s*$/.exec(header);
  const version = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(version) || version < 1) {
    throw bad('If-Match must be one ETag of this API, like "3" (the record version from the ETag of a GET).');
  }
  return version;
}

/** The ETag of a record at `version`: strong, since a version names exactly one state of the record. */
export const etagOf = (version: number) => `"${version}"`;

/**
 * `If-Match` becomes the procedure's `expectedVersion`, so there is one concurrency rule (the
 * service's version guard). The body's `expectedVersion` keeps working; if both are sent they
 * must agree. A versioned write with neither is refused with 428.
 */
export function applyIfMatch(
  input: Record<string, unknown>,
  ifMatch: number | null,
  operation: Pick<RestOperation, "versioned" | "input">,
): boolean {
  if (!("expectedVersion" in operation.input.shape)) return false;
  if (ifMatch !== null) {
    if (input.expectedVersion !== undefined && input.expectedVersion !== ifMatch) {
      throw bad("If-Match and expectedVersion name different versions: send one.", {
        ifMatch,
        expectedVersion: input.expectedVersion,
      });
    }
    input.expectedVersion = ifMatch;
    return true;
  }
  if (operation.versioned && input.expectedVersion === undefined) {
    throw new AppError(
      "PRECONDITION_REQUIRED",
      "This change is guarded by the record's version: send If-Match with the ETag you read (or expectedVersion in the body).",
    );
  }
  return false;
}
