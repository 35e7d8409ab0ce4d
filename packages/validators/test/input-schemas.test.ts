import { describe, expect, it } from "vitest";
import type { z } from "zod";
import * as validators from "../src/index";

/**
 * Every request input schema, walked down to its leaves: each string leaf must refuse NUL and
 * lone surrogates (it is built on the text primitive, or a format/regex that cannot match them),
 * and each number leaf must be an integer bounded to its column. A new field written with a bare
 * `z.string()` or `z.number()` fails here, naming its path.
 */
type Leaf = { path: string; schema: z.ZodType; kind: "string" | "number" };

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  items?: z.ZodType[];
  valueType?: z.ZodType;
  format?: string;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const bagOf = (schema: z.ZodType) =>
  (schema as unknown as { _zod: { bag: { minimum?: number; maximum?: number } } })._zod.bag;

function leaves(schema: z.ZodType, path: string, out: Leaf[] = []): Leaf[] {
  const def = defOf(schema);
  const walk = (child: z.ZodType | undefined, sub: string) => child && leaves(child, sub, out);
  switch (def.type) {
    case "string":
      out.push({ path, schema, kind: "string" });
      break;
    case "number":
      out.push({ path, schema, kind: "number" });
      break;
    case "object":
      for (const [key, child] of Object.entries(def.shape ?? {})) walk(child, `${path}.${key}`);
      break;
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "nonoptional":
    case "catch":
      walk(def.innerType, path);
      break;
    case "pipe":
      // The input side is what a client sends.
      walk(def.in, path);
      break;
    case "array":
      walk(def.element, `${path}[]`);
      break;
    case "union":
      def.options?.forEach((option, i) => walk(option, `${path}|${i}`));
      break;
    case "intersection":
      walk(def.left, path);
      walk(def.right, path);
      break;
    case "tuple":
      def.items?.forEach((item, i) => walk(item, `${path}[${i}]`));
      break;
    case "record":
      walk(def.valueType, `${path}{}`);
      break;
    case "enum":
    case "literal":
    case "boolean":
    case "transform":
      break;
    default:
      throw new Error(`${path}: no rule for zod type "${def.type}" — teach this test about it`);
  }
  return out;
}

const inputSchemas = Object.entries(validators as Record<string, unknown>).filter(
  (entry): entry is [string, z.ZodType] =>
    (entry[0].endsWith("InputSchema") || entry[0] === "clientOriginSchema") &&
    typeof entry[1] === "object" &&
    entry[1] !== null &&
    "_zod" in entry[1],
);

/** Probes of at least the leaf's minimum length (so a length rule alone cannot be what refuses them). */
function probes(schema: z.ZodType): string[] {
  const { minimum = 0, maximum = 1000 } = bagOf(schema);
  const filler = "a".repeat(Math.max(1, Math.min(minimum, maximum - 1)));
  return [`\u0000${filler}`, `${filler}\u0000`, `\uD800${filler}`, `${filler}\uDC00`];
}

/** Number leaves that map to a bigint column rather than an int4 one. */
const SAFE_INTEGER_FIELDS = new Set([
  "createProjectInputSchema.budgetMinor",
  "updateProjectInputSchema.patch.budgetMinor",
  // bigint columns: money in minor units (README "Billing and the ledger"), budgets in micro-dollars.
  "assistantSettingsInputSchema.monthlyBudgetMicros",
  "amountInputSchema|0",
  "positiveAmountInputSchema|0",
  "signedAmountInputSchema|0",
  "discountInputSchema|1.amount|0",
  "createRetainerInputSchema.unitAmount|0",
  "createRetainerInputSchema.discount|1.amount|0",
  "changeRetainerInputSchema.unitAmount|0",
  "changeRetainerInputSchema.discount|1.amount|0",
  "invoiceLineInputSchema.unitAmount|0",
  "createInvoiceInputSchema.lines[].unitAmount|0",
  "createInvoiceInputSchema.tax|0",
  "markInvoicePaidInputSchema.amount|0",
  "refundInvoiceInputSchema.amount|0",
]);

describe("request input schemas", () => {
  it("are found", () => {
    expect(inputSchemas.length).toBeGreaterThan(25);
  });

  const all = inputSchemas.flatMap(([name, schema]) => leaves(schema, name));

  it.each(all.filter((leaf) => leaf.kind === "string").map((leaf) => [leaf.path, leaf.schema] as const))(
    "%s refuses NUL and lone surrogates",
    (_, schema) => {
      for (const probe of probes(schema)) expect(schema.safeParse(probe).success, JSON.stringify(probe)).toBe(false);
    },
  );

  it.each(
    all
      .filter((leaf) => leaf.kind === "string" && defOf(leaf.schema).format === "date")
      .map((leaf) => [leaf.path, leaf.schema] as const),
  )("%s refuses years PostgreSQL or the date format cannot hold", (_, schema) => {
    expect(schema.safeParse("2026-06-30").success).toBe(true);
    for (const day of ["0000-01-01", "0001-01-01", "3000-01-01"])
      expect(schema.safeParse(day).success, day).toBe(false);
  });

  it.each(all.filter((leaf) => leaf.kind === "number").map((leaf) => [leaf.path, leaf.schema] as const))(
    "%s is a bounded integer",
    (path, schema) => {
      expect(schema.safeParse(1.5).success).toBe(false);
      expect(schema.safeParse(2 ** 53).success).toBe(false);
      if (!SAFE_INTEGER_FIELDS.has(path)) expect(schema.safeParse(2 ** 31).success).toBe(false);
    },
  );
});
