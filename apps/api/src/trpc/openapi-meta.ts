import type { z } from "zod";

/**
 * How a procedure is published on the REST API (`/api/v1`, http/rest/): one procedure, one
 * rule — REST calls run the procedure itself through every middleware. The shape follows
 * trpc-to-openapi's `meta.openapi` (method, path, summary, description, tags, protect) plus
 * what its generator cannot say: the success status, where a created resource lives, and the
 * body shape of patch-style inputs.
 */
export interface OpenApiOperation {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Under /api/v1; `{name}` segments are input fields (ids). */
  path: `/${string}`;
  /** Default: the procedure path with dashes (`tasks-update`); needed when one procedure is published twice. */
  operationId?: string;
  summary: string;
  description: string;
  /** One tag per operation: the resource. */
  tags: [string];
  /** Needs an authenticated caller (default true). */
  protect?: boolean;
  /** 200 by default; 201 for creates (with `Location`), 204 for deletes (no body). */
  successStatus?: 200 | 201 | 204;
  /**
   * Where a created resource can be read: a GET path of the API with its id taken from the
   * answer, e.g. `/tasks/{id}`, or `/api-keys/{key.id}` when the record is nested in the answer.
   */
  location?: `/${string}`;
  /**
   * `patch`: the input nests the changed fields in `patch`; the REST body is those fields
   * (plus `expectedVersion`, optional beside `If-Match`), flat.
   */
  bodyAs?: "patch";
  /** The answer's schema when the procedure has no runtime `.output()` (hot reads, see tasks.list). */
  responseSchema?: z.ZodType;
}
