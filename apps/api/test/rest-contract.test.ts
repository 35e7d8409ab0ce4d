import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import openapiTS, { astToString } from "openapi-typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restKeyHeaders, restTenant, startRestTestApi } from "./helpers/rest";
import type { TestApi } from "./helpers/test-api";

const run = promisify(execFile);
const contractDir = path.join(import.meta.dirname, "contract");
const tsc = path.join(import.meta.dirname, "..", "node_modules", ".bin", "tsc");

let t: TestApi;
let base: string;

beforeAll(async () => {
  t = await startRestTestApi();
  base = await t.listen();
});
afterAll(() => t?.close());

/**
 * Types are generated from the served spec at test time (into test/contract/generated/,
 * gitignored) rather than committed: nothing generated lives in git, and the journey is
 * type-checked against what the server serves NOW — a committed copy could only be compared
 * for staleness, this checks the client code itself.
 */
describe("REST contract (openapi-typescript + openapi-fetch)", () => {
  it("the journey type-checks against types generated from the served spec, then runs green against the server", async () => {
    const spec = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as Parameters<typeof openapiTS>[0];
    const types = astToString(await openapiTS(spec));
    mkdirSync(path.join(contractDir, "generated"), { recursive: true });
    writeFileSync(path.join(contractDir, "generated", "api-v1.ts"), types);

    const typecheck = await run(tsc, ["-p", path.join(contractDir, "tsconfig.json")]).then(
      () => "",
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(typecheck, "the typed client no longer matches the served spec").toBe("");

    // A machine client: an API key (Authorization: Bearer), the way the REST API is meant to be used.
    const owner = await restTenant(t, "Contract");
    const headers = await restKeyHeaders(t, owner);
    // Imported by a computed path so the package's own type check (which runs before any test has
    // generated the types) does not follow it; the journey was just type-checked above.
    const journeyModule = "./contract/journey";
    const { runJourney } = (await import(/* @vite-ignore */ journeyModule)) as {
      runJourney: (options: { baseUrl: string; headers: Record<string, string> }) => Promise<string[]>;
    };
    const steps = await runJourney({ baseUrl: `${base}/api/v1`, headers });
    expect(steps).toEqual([
      "client created",
      "project created",
      "tasks created",
      "tasks listed in pages",
      "task read with ETag",
      "task patched with If-Match",
      "stale If-Match refused (412)",
      "task moved",
      "commented",
      "task deleted (204)",
      "task restored",
      "audit listed",
    ]);
  });
});
