import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { appRouter } from "../../src/routers/app-router";
import type { ProcedureMeta } from "../../src/trpc/trpc";
import {
  FOREIGN_ORIGIN,
  fixtureHints,
  headersFor,
  startFuzzFixture,
  type Caller,
  type FuzzFixture,
} from "./fuzz-fixture";
import { arbitraryFromJsonSchema, type JsonSchema } from "./json-schema-arbitrary";
import { craftedCursors, hostileValue, mutate, mutationArbitrary, type Mutation } from "./mutations";
import { isServerError, sendTrpc, type Outcome, type ProcedureType, type TrpcCall } from "./trpc-http";

/**
 * Property: no input makes the API answer 5xx, and every error is our envelope. For every
 * procedure of the app router, inputs are derived from its zod input schema (converted to
 * JSON Schema, then to fast-check arbitraries, with real ids of the fixture's organization
 * substituted so calls reach the services), then mutated with hostile values (NUL, lone
 * surrogates, huge strings, %/_/\, 2^31, 2^53, 1e999, wrong types, missing and extra fields,
 * crafted cursors, year 0000 / 10000 dates, 20-digit ids) and sent over real HTTP as an org
 * owner with a session, an outsider, an anonymous caller or the web server (internal secret).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_201);
const RUNS_PER_PROCEDURE = 40;

interface ProcedureDef {
  _def: { type: ProcedureType; inputs: z.ZodType[]; meta?: ProcedureMeta };
}
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>).map(
  ([path, procedure]) => ({
    path,
    type: procedure._def.type,
    access: procedure._def.meta?.access ?? "public",
    inputs: procedure._def.inputs,
  }),
);
type Procedure = (typeof procedures)[number];

/** One JSON Schema for a procedure's input (tRPC merges several `.input()`s; none here has more than one). */
function inputJsonSchema(procedure: Procedure): JsonSchema | null {
  if (procedure.inputs.length === 0) return null;
  if (procedure.inputs.length > 1) throw new Error(`${procedure.path}: teach the fuzz test to merge several inputs`);
  return z.toJSONSchema(procedure.inputs[0]!, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

/** Procedures that can end the owner's sessions: the fixture restores them after each call. */
const SESSION_ENDING = new Set([
  "auth.signOut",
  "account.signOutEverywhere",
  "account.revokeSession",
  "account.changePassword",
]);

let f: FuzzFixture;
beforeAll(async () => {
  f = await startFuzzFixture();
});
afterAll(() => f?.close());

/** The caller a procedure expects, mostly; sometimes another one (the guards must refuse it cleanly). */
function callerArbitrary(procedure: Procedure): fc.Arbitrary<Caller> {
  const expected: Caller =
    procedure.access === "internal" ? "internal" : procedure.access === "public" ? "anonymous" : "owner";
  return fc.oneof(
    { weight: 9, arbitrary: fc.constant(expected) },
    { weight: 1, arbitrary: fc.constantFrom<Caller>("owner", "outsider", "anonymous", "internal") },
  );
}

interface Generated {
  input: unknown;
  mutation: Mutation;
  caller: Caller;
  /** Send the org in the x-org-id header (and drop it from the input). */
  orgHeader: boolean;
  /** A browser's Origin header from a site not on the allowlist. */
  foreignOrigin: boolean;
  /** Batch the call with a second procedure (the same, or an unknown one). */
  batchWith: string | undefined;
  /** Now and then another content type than JSON (mutations), or truncated JSON. */
  contentType: string | null | undefined;
  truncateAt: number | undefined;
}

const OTHER_CONTENT_TYPES = [
  null,
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/octet-stream",
  "application/json; charset=utf-16",
  "APPLICATION/JSON",
  "application/jsonp",
  "",
];

function requestArbitrary(procedure: Procedure): fc.Arbitrary<Generated> {
  const schema = inputJsonSchema(procedure);
  const valid = schema ? arbitraryFromJsonSchema(schema, { hint: fixtureHints(f) }) : fc.constant(undefined);
  const cursorHostiles = craftedCursors(f.taskIds);
  return fc.record({
    input: valid,
    mutation: mutationArbitrary(hostileValue(cursorHostiles)),
    caller: callerArbitrary(procedure),
    orgHeader: fc.boolean().map((b) => b && procedure.access === "org"),
    foreignOrigin: fc.oneof({ weight: 19, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    batchWith:
      procedure.type === "subscription"
        ? fc.constant(undefined)
        : fc.oneof(
            { weight: 18, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: fc.constant(procedure.path) },
            { weight: 1, arbitrary: fc.constant("nope.missing") },
          ),
    contentType: fc.oneof(
      { weight: 19, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom(...OTHER_CONTENT_TYPES) },
    ),
    truncateAt: fc.oneof(
      { weight: 29, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.nat({ max: 40 }) },
    ),
  });
}

function toCall(procedure: Procedure, generated: Generated): TrpcCall {
  let input = mutate(generated.input, generated.mutation);
  const headers = headersFor(f, generated.caller);
  if (generated.orgHeader) {
    headers["x-org-id"] = f.orgId;
    if (input && typeof input === "object" && !Array.isArray(input)) {
      const { orgId: _dropped, ...rest } = input as Record<string, unknown>;
      input = rest;
    }
  }
  if (generated.foreignOrigin) headers.origin = FOREIGN_ORIGIN;
  return {
    path: procedure.path,
    type: procedure.type,
    input,
    headers,
    batchWith: generated.batchWith,
    contentType: generated.contentType,
    truncateAt: generated.truncateAt,
  };
}

interface Finding {
  call: TrpcCall;
  outcome: Outcome;
}

describe("fuzzing every procedure over HTTP", () => {
  it("never answers 5xx, and answers every error in the envelope", async () => {
    const started = Date.now();
    const failures: Finding[] = [];
    const statuses = new Map<number, number>();
    const byProcedure = new Map<string, Map<number, number>>();
    let requests = 0;
    let serverErrors = 0;

    for (const [index, procedure] of procedures.entries()) {
      const samples = fc.sample(requestArbitrary(procedure), { seed: SEED + index, numRuns: RUNS_PER_PROCEDURE });
      for (const generated of samples) {
        const call = toCall(procedure, generated);
        const sentAt = performance.now();
        const outcome = await sendTrpc(f.base, call);
        if (process.env.FUZZ_DEBUG) {
          const ms = Math.round(performance.now() - sentAt);
          console.info(
            `${ms} ms ${outcome.status} ${call.type} ${call.path} ${JSON.stringify(call.input)?.slice(0, 160)}`,
          );
        }
        requests += 1;
        statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
        const mine = byProcedure.get(procedure.path) ?? new Map<number, number>();
        mine.set(outcome.status, (mine.get(outcome.status) ?? 0) + 1);
        byProcedure.set(procedure.path, mine);
        if (SESSION_ENDING.has(procedure.path)) await f.restoreSessions();
        if (outcome.problems.length === 0) continue;
        const serverError = outcome.problems.some(isServerError);
        if (serverError) serverErrors += 1;
        failures.push({ call, outcome });
      }
    }

    if (process.env.FUZZ_DEBUG) {
      for (const [path, counts] of byProcedure) console.info(path, JSON.stringify(Object.fromEntries(counts)));
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.info(
      `api fuzz: ${requests} requests to ${byProcedure.size} procedures in ${seconds} s (seed ${SEED}); ` +
        `${serverErrors} answered ≥ 500; ${failures.length} bad answers in all; statuses ` +
        JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0]))),
    );
    const report = failures
      .slice(0, 20)
      .map(
        ({ call, outcome }) =>
          `${call.type} ${call.path}${call.batchWith ? ` (batched with ${call.batchWith})` : ""} as ${JSON.stringify(call.headers)}` +
          `${call.contentType !== undefined ? ` content-type ${JSON.stringify(call.contentType)}` : ""}` +
          `${call.truncateAt !== undefined ? ` JSON cut at ${call.truncateAt}` : ""}\n` +
          `  input: ${JSON.stringify(call.input)?.slice(0, 400)}\n` +
          `  → ${outcome.status}: ${outcome.problems.join("; ")}\n  ${outcome.body.slice(0, 400)}`,
      )
      .join("\n");
    expect(failures.length, `${failures.length} bad answers:\n${report}`).toBe(0);
    expect(byProcedure.size).toBe(procedures.length);
  }, 180_000);
});
