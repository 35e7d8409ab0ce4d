import type { AnyTRPCRouter } from "@trpc/server";
import { z } from "zod";
import type { OpenApiOperation } from "../../trpc/openapi-meta";
import type { ProcedureMeta } from "../../trpc/trpc";

/** The REST API's base path. */
export const REST_PREFIX = "/api/v1";

/** One REST operation: a procedure of the router published at a method and path. */
export interface RestOperation extends OpenApiOperation {
  /** The procedure's dotted path in the router, e.g. `tasks.update`. */
  procedure: string;
  type: "query" | "mutation";
  /** `tasks-update` from the procedure path, unless the meta names one. */
  operationId: string;
  /** `{taskId}` names in the path, in order. */
  pathParams: string[];
  /** The procedure's input object schema (its one `.input()`). */
  input: z.ZodObject;
  /** The answer's schema: the procedure's `.output()` or the meta's `responseSchema`. */
  output: z.ZodType;
  /** The input takes a required `expectedVersion`: `If-Match` (or the body's field) is required. */
  versioned: boolean;
  /** The answer is a page (`items` + `nextCursor`): sent as `data` + `meta`. */
  paged: boolean;
  /** The answer is an array (a short, unpaginated list). */
  listed: boolean;
}

interface ProcedureDef {
  _def: { type: "query" | "mutation" | "subscription"; meta?: ProcedureMeta; inputs: unknown[]; output?: unknown };
}

/** The inner object of `z.object(...).refine(...)` (a refined object is still a ZodObject in zod 4). */
function inputObject(procedure: string, inputs: unknown[]): z.ZodObject {
  const [input] = inputs;
  if (inputs.length !== 1 || !(input instanceof z.ZodObject)) {
    throw new Error(`REST operation ${procedure}: the procedure needs exactly one z.object() input`);
  }
  return input;
}

function isPage(schema: z.ZodType): boolean {
  return schema instanceof z.ZodObject && "items" in schema.shape && "nextCursor" in schema.shape;
}

/**
 * Every REST operation of the router, read once from the procedures' `openapi` meta. Throws at
 * boot on a declaration the REST layer cannot serve (a path id the input lacks, no output schema,
 * a duplicate method + path), so a broken mapping never reaches a client.
 */
export function restOperations(router: AnyTRPCRouter): RestOperation[] {
  const procedures = router._def.procedures as Record<string, ProcedureDef>;
  const operations: RestOperation[] = [];
  const seen = new Set<string>();
  for (const [procedure, { _def: def }] of Object.entries(procedures)) {
    const declared = def.meta?.openapi;
    if (!declared) continue;
    if (def.type === "subscription") throw new Error(`REST operation ${procedure}: subscriptions are not published`);
    const list = Array.isArray(declared) ? (declared as readonly OpenApiOperation[]) : [declared as OpenApiOperation];
    for (const meta of list) {
      const input = inputObject(procedure, def.inputs);
      const output = meta.responseSchema ?? (def.output as z.ZodType | undefined);
      if (!output) throw new Error(`REST operation ${procedure}: no .output() and no responseSchema`);
      const pathParams = [...meta.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      for (const name of pathParams) {
        if (!(name in input.shape))
          throw new Error(`REST operation ${procedure}: the input has no "${name}" for the path`);
      }
      const key = `${meta.method} ${meta.path.replace(/\{\w+\}/g, "{}")}`;
      if (seen.has(key)) throw new Error(`REST operation ${procedure}: ${key} is declared twice`);
      seen.add(key);
      const expectedVersion = input.shape.expectedVersion as z.ZodType | undefined;
      operations.push({
        ...meta,
        procedure,
        type: def.type,
        operationId: meta.operationId ?? procedure.replace(/\./g, "-"),
        pathParams,
        input,
        output,
        versioned: expectedVersion !== undefined && !expectedVersion.safeParse(undefined).success,
        paged: isPage(output),
        listed: output instanceof z.ZodArray,
      });
    }
  }
  for (const { procedure, location } of operations) {
    if (location && !seen.has(`GET ${location.replace(/\{[\w.]+\}/g, "{}")}`))
      throw new Error(`REST operation ${procedure}: its location ${location} is no GET operation`);
  }
  return operations;
}

/** `/tasks/{taskId}` → Fastify's `/tasks/:taskId`. */
export function fastifyPath(path: string): string {
  return REST_PREFIX + path.replace(/\{(\w+)\}/g, ":$1");
}
