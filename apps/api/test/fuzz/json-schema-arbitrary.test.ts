import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { appRouter } from "../../src/routers/app-router";
import {
  arbitraryFromJsonSchema,
  plausibleEmail,
  plausibleTimeZone,
  plausibleUrl,
  type FieldHint,
  type JsonSchema,
} from "./json-schema-arbitrary";
import { mutate, pathsOf, RawJson, toJsonText, type Mutation } from "./mutations";

const sample = <T>(arbitrary: fc.Arbitrary<T>, numRuns = 200) => fc.sample(arbitrary, { seed: 42, numRuns });

describe("arbitraryFromJsonSchema", () => {
  it("respects integer bounds, string lengths and patterns, enums, const and null", () => {
    const schema: JsonSchema = {
      type: "object",
      properties: {
        n: { type: "integer", minimum: 1, maximum: 100 },
        s: { type: "string", minLength: 2, maxLength: 5 },
        slug: { type: "string", pattern: "^[a-z]{3}$" },
        e: { type: "string", enum: ["a", "b"] },
        c: { const: "fixed" },
        maybe: { anyOf: [{ type: "string", format: "uuid" }, { type: "null" }] },
        day: { type: "string", format: "date", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
        list: { type: "array", items: { type: "boolean" }, minItems: 1, maxItems: 3 },
      },
      required: ["n", "s", "slug", "e", "c", "maybe", "day", "list"],
    };
    for (const value of sample(arbitraryFromJsonSchema(schema)) as Record<string, unknown>[]) {
      expect(value.n).toSatisfy((n: number) => Number.isInteger(n) && n >= 1 && n <= 100);
      expect((value.s as string).length).toBeGreaterThanOrEqual(2);
      expect((value.s as string).length).toBeLessThanOrEqual(5);
      expect(value.slug).toMatch(/^[a-z]{3}$/);
      expect(["a", "b"]).toContain(value.e);
      expect(value.c).toBe("fixed");
      expect(value.maybe === null || z.uuid().safeParse(value.maybe).success).toBe(true);
      expect(value.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect((value.list as boolean[]).length).toBeGreaterThanOrEqual(1);
    }
  });

  it("always includes required properties and sometimes leaves optional ones out", () => {
    const schema: JsonSchema = {
      type: "object",
      properties: { a: { type: "boolean" }, b: { type: "boolean" } },
      required: ["a"],
    };
    const values = sample(arbitraryFromJsonSchema(schema)) as Record<string, unknown>[];
    expect(values.every((v) => "a" in v)).toBe(true);
    expect(values.some((v) => !("b" in v))).toBe(true);
    expect(values.some((v) => "b" in v)).toBe(true);
  });

  it("gives object properties to the hint, with the arbitrary it would have used", () => {
    const hint: FieldHint = (key, _schema, fallback) =>
      key === "orgId" ? fc.constant("the-org") : key === "n" ? fallback.map(() => 7) : undefined;
    const schema: JsonSchema = {
      type: "object",
      properties: {
        orgId: { type: "string", format: "uuid" },
        n: { type: "integer" },
        s: { type: "string", maxLength: 3 },
      },
      required: ["orgId", "n", "s"],
    };
    for (const value of sample(arbitraryFromJsonSchema(schema, { hint }), 50) as Record<string, unknown>[]) {
      expect(value).toMatchObject({ orgId: "the-org", n: 7 });
    }
  });

  it("refuses schema keywords and formats it does not know, so no field goes unfuzzed silently", () => {
    expect(() => arbitraryFromJsonSchema({ type: "string", format: "hostname" })).toThrow(/unknown string format/);
    expect(() => arbitraryFromJsonSchema({ type: "object", patternProperties: {} } as JsonSchema)).toThrow(
      /unknown keyword/,
    );
  });

  // Every procedure's input schema converts, and its values mostly pass the schema (so fuzzed
  // calls reach the services rather than all stopping at validation).
  const procedures = Object.entries(
    appRouter._def.procedures as unknown as Record<string, { _def: { inputs: z.ZodType[] } }>,
  )
    .filter(([, procedure]) => procedure._def.inputs.length > 0)
    .map(([path, procedure]) => [path, procedure._def.inputs[0]!] as const);
  // Range ends drawn late: with both ends independent, "end before start" refuses about half of a
  // range filter's values, and whether a schema passed the bar hung on the seed's luck.
  const lateDay = fc.integer({ min: 2100, max: 2999 }).map((year) => `${year}-12-31`);
  // An address, except where `email` is a flag (notification preferences: in app / by email).
  const emails: FieldHint = (key, schema) =>
    (key === "email" || key === "contactEmail") && schema.type !== "boolean"
      ? plausibleEmail
      : key === "url"
        ? plausibleUrl
        : key === "dueTo"
          ? lateDay
          : key === "timeZone"
            ? plausibleTimeZone
            : undefined;

  it.each(procedures)("%s: values derived from its input schema mostly pass it", (_, schema) => {
    const jsonSchema = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
    const values = sample(arbitraryFromJsonSchema(jsonSchema, { hint: emails }), 100);
    const passing = values.filter((value) => schema.safeParse(value).success).length;
    expect(passing).toBeGreaterThanOrEqual(50);
    for (const value of values) expect(JSON.parse(JSON.stringify(value))).toEqual(value);
  });
});

describe("mutations", () => {
  const input = { orgId: "o", patch: { title: "t", labels: ["a"] } };
  const apply = (kind: Mutation["kind"], pick: number, hostile: unknown = "HOSTILE", extraKey = "extra") =>
    mutate(input, { kind, pick, hostile, extraKey, fragment: "\u0000", at: 1 });

  it("lists every path, the root first", () => {
    expect(pathsOf(input)).toEqual([
      [],
      ["orgId"],
      ["patch"],
      ["patch", "title"],
      ["patch", "labels"],
      ["patch", "labels", 0],
    ]);
  });

  it("replaces, deletes and adds at a picked path, on a copy", () => {
    expect(apply("replace", 2)).toEqual({ orgId: "o", patch: { title: "HOSTILE", labels: ["a"] } });
    expect(apply("delete", 0)).toEqual({ patch: { title: "t", labels: ["a"] } });
    expect(apply("delete", 4)).toEqual({ orgId: "o", patch: { title: "t", labels: [] } });
    expect(apply("extra", 0)).toEqual({ ...input, extra: "HOSTILE" });
    expect(apply("root", 0)).toBe("HOSTILE");
    expect(apply("splice", 2)).toEqual({ orgId: "o", patch: { title: "t", labels: ["a\u0000"] } });
    expect(apply("splice", 0)).toEqual({ orgId: "o\u0000", patch: { title: "t", labels: ["a"] } });
    expect(apply("none", 3)).toBe(input);
    expect(input).toEqual({ orgId: "o", patch: { title: "t", labels: ["a"] } });
  });

  it("adds __proto__ as an own property (sent on the wire), not as the prototype", () => {
    expect(toJsonText(apply("extra", 0, { polluted: true }, "__proto__"))).toContain('"__proto__":{"polluted":true}');
  });

  it("writes raw JSON numbers verbatim, which JSON.parse reads as Infinity", () => {
    const text = toJsonText({ v: new RawJson("1e999"), list: [new RawJson("-1e999")], s: "\u0000\uD800" });
    expect(text).toBe('{"v":1e999,"list":[-1e999],"s":"\\u0000\\ud800"}');
    expect(JSON.parse(text)).toEqual({ v: Infinity, list: [-Infinity], s: "\u0000\uD800" });
  });
});
