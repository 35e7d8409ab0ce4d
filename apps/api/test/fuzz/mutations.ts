import fc from "fast-check";

/**
 * Hostile values and the mutations that plant them in otherwise plausible inputs. Everything
 * here is what a client can put on the wire as JSON (plus raw number tokens such as `1e999`,
 * which JSON.parse turns into Infinity, via `RawJson`).
 */

/** A JSON fragment sent verbatim (numbers JSON.stringify cannot write: 1e999, -1e999, 1e-999). */
export class RawJson {
  constructor(readonly text: string) {}
}

const RAW_MARK = "\u0001raw\u0001";

/** JSON text for `value`, with `RawJson` fragments written verbatim. */
export function toJsonText(value: unknown): string {
  const raw: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raw.push(v.text);
      return `${RAW_MARK}${raw.length - 1}`;
    }
    return v;
  });
  // JSON.stringify writes the mark's control characters as \u0001.
  return (text ?? "null").replace(/"\\u0001raw\\u0001(\d+)"/g, (_, i: string) => raw[Number(i)]!);
}

/** Base64url JSON, as the API encodes cursors (lib/cursor.ts). */
export const encodeCursorLike = (value: unknown) => Buffer.from(toJsonText(value)).toString("base64url");

export const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "x\uDBFF",
  "\uDFFFx",
  "\uDC00\uD800",
  "%",
  "_",
  "\\",
  "%_\\",
  "100%_off\\",
  "' OR 1=1 --",
  '"; DROP TABLE tasks; --',
  "\u202Eevil",
  "🚀".repeat(50),
  "x".repeat(255),
  "x".repeat(10_001),
  "x".repeat(20_001),
  "1e999",
  "NaN",
  "Infinity",
  "-1",
  "0",
  "null",
  "undefined",
  "__proto__",
  "0000-01-01",
  "0001-01-01",
  "1899-12-31",
  "3000-01-01",
  "10000-01-01",
  "2026-02-30",
  "2026-13-01",
  "0000-01-01T00:00:00Z",
  "9999999999999999999",
  "99999999999999999999",
  "9223372036854775808",
  "-9223372036854775809",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "not-a-uuid",
  "none",
];

export const HOSTILE_NUMBERS: unknown[] = [
  -1,
  0,
  -0,
  0.5,
  1.5,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32,
  -(2 ** 31) - 1,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  1e21,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  new RawJson("1e999"),
  new RawJson("-1e999"),
  new RawJson("1e-999"),
  new RawJson("123456789012345678901234567890"),
];

export const HOSTILE_OTHER: unknown[] = [
  null,
  true,
  false,
  [],
  [null],
  {},
  { a: 1 },
  [1, 2, 3],
  { "": "" },
  JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
  [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]],
];

const UUID = "00000000-0000-4000-8000-000000000000";

/** Cursors a tester would craft: wrong key types, keys no Date/column can hold, ids out of range, junk. */
export function craftedCursors(realIds: readonly string[]): string[] {
  const id = realIds[0] ?? UUID;
  const keys: unknown[] = [
    "x",
    "",
    "a\u0000",
    "\uD800",
    "x".repeat(600),
    "u",
    "d:0000-01-01",
    "d:2026-02-31",
    "d:10000-01-01",
    "d:2026-12-01",
    "todo:1e999",
    "todo:-1e999",
    "todo:NaN",
    "todo:1024",
    "done:1e308",
    "bogus:1",
    0,
    -1,
    1.5,
    Date.now(),
    -8.64e15,
    8.64e15,
    8.64e15 + 1,
    2 ** 53,
    1e300,
    new RawJson("1e999"),
    null,
    true,
    [],
    {},
  ];
  const ids: unknown[] = [
    id,
    "1",
    "0",
    "9223372036854775807",
    "9223372036854775808",
    "99999999999999999999",
    "x",
    "",
    null,
    1,
    UUID,
  ];
  const cursors = new Set<string>();
  for (const key of keys) cursors.add(encodeCursorLike([key, id]));
  for (const bad of ids) {
    cursors.add(encodeCursorLike([Date.now(), bad]));
    cursors.add(encodeCursorLike(["name", bad]));
  }
  for (const shape of [[], [1], [1, 2, 3], {}, "x", 1, null, [Date.now(), id, "extra"]])
    cursors.add(encodeCursorLike(shape));
  for (const junk of [
    "not-a-cursor",
    "!!!",
    "=",
    "a",
    "x".repeat(513),
    Buffer.from("{bad json").toString("base64url"),
  ]) {
    cursors.add(junk);
  }
  return [...cursors];
}

/** Any hostile value, optionally with ones specific to the field (cursors for `cursor`). */
export function hostileValue(extra: readonly unknown[] = []): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_OTHER) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
    ...(extra.length ? [{ weight: 4, arbitrary: fc.constantFrom(...extra) }] : []),
  );
}

type Path = (string | number)[];

/** Every path into a JSON value (objects and arrays), the root first. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...pathsOf(item, [...prefix, i])));
  else if (value && typeof value === "object" && !(value instanceof RawJson)) {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  }
  return paths;
}

function clone(value: unknown): unknown {
  if (value instanceof RawJson) return value;
  if (Array.isArray(value)) return value.map(clone);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)]));
  return value;
}

export type MutationKind = "none" | "replace" | "splice" | "delete" | "extra" | "root";

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Fragments spliced into an otherwise valid string: it keeps its length and format, so only the fragment is on trial. */
export const HOSTILE_FRAGMENTS = [
  ...["\u0000", "\uD800", "\uDFFF", "\uDBFF\uDBFF"].flatMap((f) => [f, f, f]),
  ...["%", "_", "\\", "%_\\", "'", '"', "\u202E", "🚀", "\r\n"],
];

export interface Mutation {
  kind: MutationKind;
  /** Picks the path (modulo the number of paths). */
  pick: number;
  hostile: unknown;
  /** For "extra": the key added. */
  extraKey: string;
  /** For "splice": what is inserted into the picked string, and where (modulo its length + 1). */
  fragment: string;
  at: number;
}

/** Applies one mutation to a copy of `input`. */
export function mutate(input: unknown, mutation: Mutation): unknown {
  if (mutation.kind === "none") return input;
  if (mutation.kind === "root") return mutation.hostile;
  const copy = clone(input);
  const paths = pathsOf(copy);
  const containers = paths.filter((path) => {
    const target = at(copy, path);
    return target !== null && typeof target === "object" && !(target instanceof RawJson);
  });
  if (mutation.kind === "extra") {
    const path = containers[mutation.pick % Math.max(1, containers.length)];
    const target = path ? at(copy, path) : undefined;
    if (Array.isArray(target)) target.push(mutation.hostile);
    else if (target && typeof target === "object") setOwn(target, mutation.extraKey, mutation.hostile);
    else return mutation.hostile;
    return copy;
  }
  if (mutation.kind === "splice") {
    const strings = paths.filter((path) => path.length > 0 && typeof at(copy, path) === "string");
    // Free text rather than ids: a fragment in a uuid only tests the uuid format.
    const text = strings.filter((path) => !UUID_SHAPE.test(at(copy, path) as string));
    const candidates = text.length ? text : strings;
    const path = candidates[mutation.pick % Math.max(1, candidates.length)];
    if (!path) return copy;
    const value = at(copy, path) as string;
    const index = mutation.at % (value.length + 1);
    setOwn(
      at(copy, path.slice(0, -1)) as object,
      path[path.length - 1]!,
      value.slice(0, index) + mutation.fragment + value.slice(index),
    );
    return copy;
  }
  const inner = paths.slice(1);
  if (inner.length === 0) return mutation.hostile;
  const path = inner[mutation.pick % inner.length]!;
  const parent = at(copy, path.slice(0, -1)) as Record<string | number, unknown> | unknown[];
  const last = path[path.length - 1]!;
  if (mutation.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    setOwn(parent, last, mutation.hostile);
  }
  return copy;
}

/** Sets an own, enumerable property — also for "__proto__", which plain assignment would treat as the prototype. */
function setOwn(target: object, key: string | number, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function at(value: unknown, path: Path): unknown {
  let current = value;
  for (const step of path) current = (current as Record<string | number, unknown>)[step];
  return current;
}

/** A mutation: mostly a planted hostile value; sometimes a field dropped or added, or no change. */
export function mutationArbitrary(hostile: fc.Arbitrary<unknown>): fc.Arbitrary<Mutation> {
  return fc.record({
    kind: fc.oneof(
      { weight: 4, arbitrary: fc.constant<MutationKind>("none") },
      { weight: 5, arbitrary: fc.constant<MutationKind>("replace") },
      { weight: 4, arbitrary: fc.constant<MutationKind>("splice") },
      { weight: 1, arbitrary: fc.constant<MutationKind>("delete") },
      { weight: 1, arbitrary: fc.constant<MutationKind>("extra") },
      { weight: 1, arbitrary: fc.constant<MutationKind>("root") },
    ),
    pick: fc.nat(),
    hostile,
    extraKey: fc.constantFrom("extra", "__proto__", "constructor", "orgId", "cursor", "x".repeat(300), "\u0000"),
    fragment: fc.constantFrom(...HOSTILE_FRAGMENTS),
    at: fc.nat(),
  });
}
