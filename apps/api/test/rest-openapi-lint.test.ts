import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRestTestApi } from "./helpers/rest";
import type { TestApi } from "./helpers/test-api";

const run = promisify(execFile);
const redocly = path.join(import.meta.dirname, "..", "node_modules", ".bin", "redocly");

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[];
}

let t: TestApi;
let base: string;
let dir: string;

beforeAll(async () => {
  t = await startRestTestApi();
  base = await t.listen();
  dir = mkdtempSync(path.join(tmpdir(), "agency-openapi-"));
});
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  responses: Record<string, unknown>;
}

describe("OpenAPI document", () => {
  it("passes Redocly CLI's recommended ruleset with zero errors (run offline)", async () => {
    const spec = await (await fetch(`${base}/api/v1/openapi.json`)).text();
    const file = path.join(dir, "openapi.json");
    writeFileSync(file, spec);
    // A local config (no remote one), telemetry and update checks off, and a dead proxy: any
    // attempt to reach the network fails instead of leaking.
    writeFileSync(path.join(dir, "redocly.yaml"), "extends:\n  - recommended\n");
    const env = {
      PATH: process.env.PATH,
      HOME: dir,
      REDOCLY_TELEMETRY: "off",
      REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
      NO_UPDATE_NOTIFIER: "1",
      HTTPS_PROXY: "http://127.0.0.1:9",
      HTTP_PROXY: "http://127.0.0.1:9",
    };
    const result = await run(redocly, ["lint", file, "--format=json"], {
      cwd: dir,
      env,
      maxBuffer: 32 * 1024 * 1024,
    }).catch((error: { stdout: string; stderr: string; code: number }) => error);
    const report = JSON.parse(result.stdout) as LintReport;
    const errors = report.problems.filter((p) => p.severity === "error");
    console.info(`redocly recommended: ${report.totals.errors} errors, ${report.totals.warnings} warnings`);
    expect(errors.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? "?"}`)).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });

  it("documents every operation: summary, description, tag, examples, the error envelope for every error status, bearer auth", async () => {
    const document = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as {
      openapi: string;
      security: unknown[];
      components: {
        securitySchemes: Record<string, { type: string; scheme: string }>;
        responses: Record<string, unknown>;
      };
      paths: Record<string, Record<string, Operation>>;
    };
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    const operations = Object.entries(document.paths).flatMap(([p, item]) =>
      Object.entries(item).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${p}`, operation })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(34);
    for (const { name, operation } of operations) {
      expect(operation.summary, name).toBeTruthy();
      expect(operation.description, name).toBeTruthy();
      expect(operation.tags, name).toHaveLength(1);
      const statuses = Object.keys(operation.responses);
      for (const status of ["400", "401", "403", "404", "429"])
        expect(statuses, `${name} documents ${status}`).toContain(status);
      const success = statuses.find((s) => s.startsWith("2"))!;
      const content = (operation.responses[success] as { content?: Record<string, { example?: unknown }> }).content;
      if (success !== "204") expect(content?.["application/json"]?.example, `${name} has an example`).toBeDefined();
    }
    const patchTask = document.paths["/tasks/{taskId}"]!.patch!;
    expect(Object.keys(patchTask.responses)).toEqual(expect.arrayContaining(["200", "409", "412", "428"]));
  });
});
