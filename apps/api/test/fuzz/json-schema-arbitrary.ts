import { knownTimeZones } from "@agency/validators";
import fc from "fast-check";

/**
 * fast-check arbitraries from the JSON Schema subset that zod 4's `z.toJSONSchema(schema,
 * { io: "input" })` emits for our input schemas: objects (properties, required), strings
 * (length, pattern, format, enum, const), integers and numbers (bounds), booleans, null,
 * arrays (items, length), anyOf/oneOf, and `{}` (anything). Values are *plausible* inputs —
 * most pass the zod schema, so calls get past validation and reach the services; the fuzz
 * test then mutates them (see mutations.ts). A schema feature this module does not know
 * throws, so a new kind of field cannot silently go unfuzzed.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  $schema?: string;
  description?: string;
}

/**
 * A field-specific arbitrary for an object property (e.g. real ids for `orgId`), given the
 * property's schema and the arbitrary built from it; undefined keeps that one.
 */
export type FieldHint = (
  key: string,
  schema: JsonSchema,
  fallback: fc.Arbitrary<unknown>,
) => fc.Arbitrary<unknown> | undefined;

export interface ArbitraryOptions {
  hint?: FieldHint;
  /** Longest free-text string generated (schemas allow 20,000-character bodies; long strings come from mutations). */
  maxFreeTextLength?: number;
}

const KNOWN_KEYS = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "prefixItems",
  "minItems",
  "maxItems",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "enum",
  "const",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "anyOf",
  "oneOf",
  "default",
  "$schema",
  "description",
]);

/**
 * Email addresses zod's `z.email()` accepts (fast-check's `emailAddress()` follows RFC 5322,
 * which allows characters zod refuses). zod emits no format for an email behind a transform,
 * so callers give this as a hint for email fields.
 */
export const plausibleEmail = fc.stringMatching(/^[a-z0-9]{1,12}([._-][a-z0-9]{1,8})?@[a-z0-9]{1,12}\.[a-z]{2,6}$/);

/**
 * http(s) URLs for webhook and Slack fields (zod emits no format for a URL behind a pipe): mostly
 * public-looking ones, and the targets the SSRF rules must refuse (loopback, metadata, private,
 * IPv6 loopback, credentials, odd ports), so fuzzed calls reach those checks.
 */
export const plausibleUrl = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^https:\/\/[a-z0-9]{1,12}\.[a-z]{2,6}\/[a-z0-9/]{0,20}$/) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "http://127.0.0.1/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://10.0.0.1:22/",
      "http://[::1]/",
      "http://[::ffff:127.0.0.1]/",
      "https://user:pw@example.com/",
      "https://hooks.slack.com/services/T000/B000/XXXX",
    ),
  },
);

/**
 * Time zones (`account.updateProfile`): zones the runtime knows, their aliases and case, and
 * names it must refuse (offsets, POSIX rules, made-up zones), so fuzzed calls reach both paths —
 * a random string is never a zone.
 */
export const plausibleTimeZone = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...knownTimeZones()) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("US/Eastern", "etc/utc", "Asia/Kolkata", "+05:00", "EST5EDT", "Mars/Olympus_Mons"),
  },
);

const DAY_MS = 86_400_000;
/** Plausible calendar days (the date primitive's range is 1900–2999; out-of-range ones come from mutations). */
const plausibleDay = fc
  .integer({ min: Date.UTC(1990, 0, 1) / DAY_MS, max: Date.UTC(2100, 0, 1) / DAY_MS })
  .map((day) => new Date(day * DAY_MS).toISOString().slice(0, 10));

function stringArbitrary(schema: JsonSchema, options: ArbitraryOptions): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 200;
  switch (schema.format) {
    case "uuid":
      return fc.uuid();
    case "date":
      return fc.oneof(
        { weight: 9, arbitrary: plausibleDay },
        { weight: 1, arbitrary: fc.stringMatching(new RegExp(schema.pattern!)) },
      );
    case "date-time":
      return fc
        .date({ min: new Date("1990-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
        .map((d) => d.toISOString());
    case "email":
      return plausibleEmail;
    case "ipv4":
      return fc.ipV4();
    case "ipv6":
      return fc.ipV6();
    case undefined:
      break;
    default:
      throw new Error(`json-schema-arbitrary: unknown string format "${schema.format}"`);
  }
  if (schema.pattern) {
    // `^[class]+$` with length bounds (tokens, cursors): draw from the class at the right length —
    // filtering stringMatching's mostly short strings by a minimum length would almost never end.
    const charset = characterClassOf(schema.pattern);
    if (charset) return fc.string({ unit: fc.constantFrom(...charset), minLength: Math.max(minLength, 1), maxLength });
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= maxLength);
  }
  const cap = Math.min(maxLength, Math.max(minLength, options.maxFreeTextLength ?? 60));
  // Lengths count UTF-16 code units (as zod does); a grapheme may take several.
  const fits = (s: string) => s.length >= minLength && s.length <= maxLength;
  return fc.oneof(
    fc.string({ minLength, maxLength: cap, unit: "grapheme-ascii" }),
    fc.string({ minLength, maxLength: cap, unit: "grapheme" }).filter(fits),
  );
}

/** The characters of a pattern that is one repeated character class (`^[A-Za-z0-9_-]+$`), else null. */
export function characterClassOf(pattern: string): string[] | null {
  const match = /^\^\[([^\]]+)\][+*]\$$/.exec(pattern);
  if (!match) return null;
  const body = match[1]!;
  const chars: string[] = [];
  for (let i = 0; i < body.length; i++) {
    let char = body[i]!;
    if (char === "\\" && i + 1 < body.length) char = body[++i]!;
    else if (body[i + 1] === "-" && i + 2 < body.length) {
      const end = body[i + 2]!;
      for (let code = char.charCodeAt(0); code <= end.charCodeAt(0); code++) chars.push(String.fromCharCode(code));
      i += 2;
      continue;
    }
    chars.push(char);
  }
  return chars.length ? chars : null;
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const lowest = integer ? Number.MIN_SAFE_INTEGER : -1e15;
  const highest = integer ? Number.MAX_SAFE_INTEGER : 1e15;
  let min = Math.max(schema.minimum ?? lowest, lowest);
  let max = Math.min(schema.maximum ?? highest, highest);
  if (schema.exclusiveMinimum !== undefined)
    min = Math.max(min, schema.exclusiveMinimum + (integer ? 1 : Number.EPSILON));
  if (schema.exclusiveMaximum !== undefined)
    max = Math.min(max, schema.exclusiveMaximum - (integer ? 1 : Number.EPSILON));
  if (integer) {
    // Small values are the interesting ones (versions 1–3, page sizes); the edges come from mutations.
    const smallMax = Math.min(max, Math.max(min, 0) + 10);
    return fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min, max: smallMax }) },
      { weight: 1, arbitrary: fc.integer({ min, max }) },
    );
  }
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** An arbitrary of values matching `schema` (mostly; see the module comment). */
export function arbitraryFromJsonSchema(
  schema: JsonSchema,
  options: ArbitraryOptions = {},
  key = "",
): fc.Arbitrary<unknown> {
  for (const name of Object.keys(schema)) {
    if (!KNOWN_KEYS.has(name)) throw new Error(`json-schema-arbitrary: unknown keyword "${name}" at "${key}"`);
  }
  return baseArbitrary(schema, options, key);
}

function baseArbitrary(schema: JsonSchema, options: ArbitraryOptions, key: string): fc.Arbitrary<unknown> {
  if ("const" in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((option) => arbitraryFromJsonSchema(option, options, key)));
  const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (type.length > 1)
    return fc.oneof(...type.map((t) => arbitraryFromJsonSchema({ ...schema, type: t }, options, key)));
  switch (type[0]) {
    case undefined:
      // `{}`: zod's "unrepresentable: any" (e.g. a transform's input) — anything JSON.
      return fc.jsonValue({ maxDepth: 2 });
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return numberArbitrary(schema, true);
    case "number":
      return numberArbitrary(schema, false);
    case "string":
      return stringArbitrary(schema, options);
    case "array": {
      if (schema.prefixItems) {
        return fc.tuple(...schema.prefixItems.map((item, i) => arbitraryFromJsonSchema(item, options, `${key}[${i}]`)));
      }
      const items = arbitraryFromJsonSchema(schema.items ?? {}, options, `${key}[]`);
      const minLength = schema.minItems ?? 0;
      return fc.array(items, { minLength, maxLength: Math.min(schema.maxItems ?? 5, minLength + 5) });
    }
    case "object": {
      const properties = schema.properties ?? {};
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(properties)) {
        const fallback = arbitraryFromJsonSchema(property, options, name);
        model[name] = options.hint?.(name, property, fallback) ?? fallback;
      }
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((name) => name in properties) });
    }
    default:
      throw new Error(`json-schema-arbitrary: unknown type "${type[0]}" at "${key}"`);
  }
}
