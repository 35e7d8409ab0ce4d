import type { ApiErrorCode } from "@agency/validators";
import type { oas31 } from "zod-openapi";
import { errorCodeForStatus } from "../error-handler";

type OpenAPIObject = oas31.OpenAPIObject;

type Schema = Record<string, unknown>;

const EXAMPLE_ID = "0b5c3a9e-6f1d-4c2a-9e7b-2d4f8a1c3e5b";
const EXAMPLE_TIME = "2026-12-07T09:30:00.000Z";

/** The code shown in an error status's example: 400s are mostly validation errors; otherwise the status's own code. */
const exampleCode = (status: number): ApiErrorCode => (status === 400 ? "VALIDATION_ERROR" : errorCodeForStatus(status));

function resolve(document: OpenAPIObject, schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/components/schemas/")) return schema;
  const name = ref.slice("#/components/schemas/".length);
  return (document.components?.schemas?.[name] as Schema | undefined) ?? {};
}

/**
 * A value valid for `schema`, built from its type, format, enum and bounds: every request and
 * response in the document gets an example (Redocly checks them against their schemas), and
 * they can never drift from the schemas they illustrate.
 */
export function exampleFor(document: OpenAPIObject, input: Schema, name = "", depth = 0): unknown {
  const schema = resolve(document, input);
  if (depth > 8) return null;
  if ("example" in schema) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ("default" in schema && schema.default !== undefined) return schema.default;
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (variants) {
    const nonNull = variants.find((v) => resolve(document, v).type !== "null") ?? variants[0]!;
    return exampleFor(document, nonNull, name, depth + 1);
  }
  if (Array.isArray(schema.allOf)) return exampleFor(document, schema.allOf[0] as Schema, name, depth + 1);
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      return Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [key, exampleFor(document, value, key, depth + 1)]),
      );
    }
    case "array": {
      const items = (schema.items ?? {}) as Schema;
      const min = typeof schema.minItems === "number" ? schema.minItems : 1;
      return Array.from({ length: Math.max(1, min) }, () => exampleFor(document, items, name, depth + 1));
    }
    case "integer":
    case "number": {
      const min =
        typeof schema.minimum === "number"
          ? schema.minimum
          : typeof schema.exclusiveMinimum === "number"
            ? schema.exclusiveMinimum + 1
            : 0;
      return name === "version" || name === "expectedVersion" ? Math.max(min, 3) : Math.max(min, 1);
    }
    case "boolean":
      return false;
    case "string":
      return stringExample(schema, name);
    default:
      return null;
  }
}

function stringExample(schema: Schema, name: string): string {
  switch (schema.format) {
    case "uuid":
      return EXAMPLE_ID;
    case "date-time":
      return EXAMPLE_TIME;
    case "date":
      return "2026-12-31";
    case "email":
      return "ada@example.com";
    default:
      break;
  }
  if (typeof schema.pattern === "string") {
    if (/\^\[A-Z\]\{3\}\$/.test(schema.pattern) || name === "currency") return "USD";
  }
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : 40;
  const base = name ? `Example ${name}` : "example";
  return base.padEnd(min, "x").slice(0, max);
}

/** Adds an `example` to every media type of the document that has none. */
export function withExamples(
  document: OpenAPIObject,
  errorResponses: Record<number, readonly [string, string]>,
): OpenAPIObject {
  const media: { schema?: Schema; example?: unknown }[] = [];
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item as Record<string, Schema>)) {
      const body = (operation.requestBody as { content?: Record<string, Schema> } | undefined)?.content;
      for (const entry of Object.values(body ?? {})) media.push(entry);
      for (const response of Object.values((operation.responses ?? {}) as Record<string, Schema>)) {
        for (const entry of Object.values((response.content ?? {}) as Record<string, Schema>)) media.push(entry);
      }
    }
  }
  for (const entry of media) {
    if (entry.schema && entry.example === undefined) entry.example = exampleFor(document, entry.schema);
  }
  for (const [status, [name, description]] of Object.entries(errorResponses)) {
    const response = document.components?.responses?.[name] as
      { content?: Record<string, { example?: unknown }> } | undefined;
    const json = response?.content?.["application/json"];
    if (json) {
      json.example = {
        error: { code: exampleCode(Number(status)), message: description.split(" (`")[0], requestId: EXAMPLE_ID },
      };
    }
  }
  return document;
}
