import { apiErrorCodeSchema } from "@agency/validators";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ERROR_CODES } from "../../src/errors/app-error";
import { restOperations, type RestOperation } from "../../src/http/rest/operations";
import { appRouter } from "../../src/routers/app-router";
import {
  FOREIGN_ORIGIN,
  fixtureHints,
  headersFor,
  startFuzzFixture,
  type Caller,
  type FuzzFixture,
} from "./fuzz-fixture";
import { arbitraryFromJsonSchema, type JsonSchema } from "./json-schema-arbitrary";
import {
  craftedCursors,
  hostileValue,
  HOSTILE_STRINGS,
  mutate,
  mutationArbitrary,
  toJsonText,
  type Mutation,
} from "./mutations";

/**
 * Property: no request to the REST API answers 5xx, and every error is exactly the one envelope
 * `{ error: { code, message, details?, requestId } }` (nothing of an adapter's own shape, no
 * stack). For every operation in the SERVED spec, inputs come from the operation's zod input
 * (as in api-fuzz.test.ts, real fixture ids mostly), are mutated with the same hostile values,
 * then spread over the URL path (ids, sometimes hostile), the query (values as strings, unknown
 * keys, repeats) or the JSON body (sometimes malformed, truncated or of another content type),
 * with If-Match headers good and bad, and sent over real HTTP as different callers.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_207);
const RUNS_PER_OPERATION = 30;

const operations = restOperations(appRouter);

let f: FuzzFixture;
beforeAll(async () => {
  f = await startFuzzFixture();
});
afterAll(() => f?.close());

interface Generated {
  input: Record<string, unknown>;
  mutation: Mutation;
  caller: Caller;
  /** Where the organization goes: the header, the query, or nowhere. */
  org: "header" | "query" | "none";
  ifMatch: string | undefined;
  /** A path id replaced with a hostile string. */
  hostileId: string | undefined;
  /** Unknown or repeated query parameters. */
  queryNoise: "none" | "unknown" | "repeat";
  contentType: string | undefined;
  truncateAt: number | undefined;
  foreignOrigin: boolean;
}

const CONTENT_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "",
];
const IF_MATCH = ['"1"', '"2"', 'W/"1"', "*", '"0"', '"-1"', '"99999999999"', "1", '"1", "2"', "\u0000", '"abc"'];

function requestArbitrary(operation: RestOperation): fc.Arbitrary<Generated> {
  const schema = z.toJSONSchema(operation.input, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return fc.record({
    input: arbitraryFromJsonSchema(schema, { hint: fixtureHints(f) }) as fc.Arbitrary<Record<string, unknown>>,
    mutation: mutationArbitrary(hostileValue(craftedCursors(f.taskIds))),
    caller: fc.oneof(
      { weight: 8, arbitrary: fc.constant<Caller>("owner") },
      { weight: 1, arbitrary: fc.constantFrom<Caller>("outsider", "anonymous", "internal") },
    ),
    org: fc.constantFrom<Generated["org"]>("header", "header", "query", "none"),
    ifMatch: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 2, arbitrary: fc.constantFrom(...IF_MATCH) },
    ),
    hostileId: fc.oneof(
      { weight: 9, arbitrary: fc.constant(undefined) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s !== ""), "..", "%2e%2e", "x".repeat(2000)),
      },
    ),
    queryNoise: fc.constantFrom<Generated["queryNoise"]>("none", "none", "none", "unknown", "repeat"),
    contentType: fc.oneof(
      { weight: 19, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    ),
    truncateAt: fc.oneof(
      { weight: 29, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.nat({ max: 40 }) },
    ),
    foreignOrigin: fc.oneof({ weight: 19, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  });
}

/** encodeURIComponent, which throws on lone surrogates: then their UTF-8 replacement bytes, percent-encoded. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...Buffer.from(value)].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("");
  }
}

/** What fetch can put in a header: printable ASCII as is, anything else percent-encoded (still garbage to the API). */
const headerSafe = (value: string) =>
  /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(value) ? value : encode(value) || "-";

/** A query value as text: strings as they are, everything else as its JSON. */
const queryText = (value: unknown) => (typeof value === "string" ? value : toJsonText(value));

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function toRequest(operation: RestOperation, generated: Generated): Sent {
  const mutated = mutate(generated.input, generated.mutation);
  const input: Record<string, unknown> =
    mutated && typeof mutated === "object" && !Array.isArray(mutated)
      ? { ...(mutated as Record<string, unknown>) }
      : {};
  const headers = headersFor(f, generated.caller);
  if (generated.foreignOrigin) headers.origin = FOREIGN_ORIGIN;
  if (generated.ifMatch !== undefined) headers["if-match"] = headerSafe(generated.ifMatch);
  const orgId = input.orgId;
  delete input.orgId;
  if (generated.org === "header") headers["x-org-id"] = headerSafe(typeof orgId === "string" ? orgId : f.orgId);

  let path = operation.path as string;
  for (const name of operation.pathParams) {
    const value = generated.hostileId ?? queryText(input[name] ?? f.taskIds[0]);
    path = path.replace(`{${name}}`, encode(value));
    delete input[name];
  }
  const query = new URLSearchParams();
  if (generated.org === "query") query.append("orgId", queryText(orgId ?? f.orgId));
  const inQuery = operation.method === "GET" || operation.method === "DELETE";
  let body: string | undefined;
  if (inQuery) {
    for (const [name, value] of Object.entries(input)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) query.append(name, queryText(item));
      else query.append(name, queryText(value));
    }
  } else {
    const fields =
      operation.bodyAs === "patch" && input.patch && typeof input.patch === "object"
        ? { ...input, ...(input.patch as object) }
        : input;
    if (operation.bodyAs === "patch") delete fields.patch;
    body = generated.mutation.kind === "root" ? toJsonText(mutated) : toJsonText(fields);
    if (generated.truncateAt !== undefined) body = body.slice(0, generated.truncateAt);
    headers["content-type"] = generated.contentType ?? "application/json";
  }
  if (generated.queryNoise === "unknown") query.append("colour", "red");
  if (generated.queryNoise === "repeat") {
    query.append("limit", "2");
    query.append("limit", "3");
  }
  const search = query.toString();
  return { method: operation.method, url: `${f.base}/api/v1${path}${search ? `?${search}` : ""}`, headers, body };
}

const CODES = new Set<string>(apiErrorCodeSchema.options);
const TRANSPORT_STATUSES = new Set([408, 414, 431]);

/** What is wrong with an answer: a 5xx, or anything but the envelope on an error, or a success without `data`. */
function problemsOf(status: number, text: string, requestId: string | null): string[] {
  if (status >= 500) return [`5xx: HTTP ${status}`];
  if (status === 204 || status === 304) return text === "" ? [] : ["a body on 204/304"];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return ["not JSON"];
  }
  if (status < 400) return json && typeof json === "object" && "data" in json ? [] : ["success without data"];
  const problems: string[] = [];
  const envelope = json as { error?: Record<string, unknown> };
  if (Object.keys(envelope).join() !== "error" || !envelope.error) return ["not { error }"];
  const extra = Object.keys(envelope.error).filter((k) => !["code", "message", "details", "requestId"].includes(k));
  if (extra.length) problems.push(`extra fields ${extra.join(",")}`);
  if (!CODES.has(String(envelope.error.code))) problems.push(`unknown code ${String(envelope.error.code)}`);
  else if (
    ERROR_CODES[envelope.error.code as keyof typeof ERROR_CODES].status !== status &&
    // Transport-level refusals (client-errors.ts, handleFrameworkError) keep BAD_REQUEST.
    !(envelope.error.code === "BAD_REQUEST" && TRANSPORT_STATUSES.has(status))
  ) {
    problems.push(`code ${String(envelope.error.code)} with HTTP ${status}`);
  }
  if (typeof envelope.error.message !== "string") problems.push("no message");
  if (envelope.error.requestId !== requestId) problems.push("requestId ≠ x-request-id");
  if (/"stack"\s*:/.test(text)) problems.push("a stack trace");
  return problems;
}

describe("fuzzing every REST operation over HTTP", () => {
  it("the spec lists exactly the operations the server routes", async () => {
    const spec = (await (await fetch(`${f.base}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const inSpec = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(inSpec.sort()).toEqual(operations.map((o) => `${o.method} ${o.path}`).sort());
  });

  it("never answers 5xx, and answers every error in the envelope with the status of its code", async () => {
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let requests = 0;
    for (const [index, operation] of operations.entries()) {
      const samples = fc.sample(requestArbitrary(operation), { seed: SEED + index, numRuns: RUNS_PER_OPERATION });
      for (const generated of samples) {
        const sent = toRequest(operation, generated);
        const response = await fetch(sent.url, { method: sent.method, headers: sent.headers, body: sent.body });
        const text = await response.text();
        requests += 1;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const problems = problemsOf(response.status, text, response.headers.get("x-request-id"));
        if (problems.length) {
          failures.push(
            `${sent.method} ${sent.url.slice(f.base.length, f.base.length + 300)} ${JSON.stringify(sent.headers)}\n` +
              `  body: ${sent.body?.slice(0, 300)}\n  → ${response.status}: ${problems.join("; ")}\n  ${text.slice(0, 300)}`,
          );
        }
      }
    }
    console.info(
      `rest fuzz: ${requests} requests to ${operations.length} operations (seed ${SEED}); statuses ` +
        JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0]))),
    );
    expect(failures.length, `${failures.length} bad answers:\n${failures.slice(0, 15).join("\n")}`).toBe(0);
    // The generated calls reach the procedures, not only the guards.
    expect([...statuses.keys()].some((s) => s >= 200 && s < 300)).toBe(true);
  }, 240_000);
});
