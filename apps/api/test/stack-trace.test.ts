import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mapStackTrace } from "../src/cli/commands/stack-trace";

/**
 * Production runs the bundles without --enable-source-maps (README "Memory"), so a stack points
 * into dist/*.js; `agency stack-trace` maps it back. Here: a real bundle built with esbuild as
 * scripts/build.ts builds ours, a real error thrown by it in a plain `node`, mapped to the source.
 */
const apiDir = fileURLToPath(new URL("..", import.meta.url));
let dir: string;
let stack: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "agency-stack-"));
  writeFileSync(
    path.join(dir, "failing-service.ts"),
    [
      "export function chargeInvoice(amount: number): number {",
      "  if (amount < 0) throw new Error(`negative amount ${amount}`);",
      "  return amount;",
      "}",
      "",
    ].join("\n"),
  );
  writeFileSync(path.join(dir, "entry.ts"), 'import { chargeInvoice } from "./failing-service";\nchargeInvoice(-1);\n');
  await build({
    entryPoints: [path.join(dir, "entry.ts")],
    outfile: path.join(dir, "dist", "main.js"),
    bundle: true,
    platform: "node",
    format: "esm",
    sourcemap: true,
    logLevel: "silent",
  });
  const run = spawnSync(process.execPath, [path.join(dir, "dist", "main.js")], { encoding: "utf8" });
  stack = run.stderr;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("agency stack-trace", () => {
  it("maps a frame in a bundle to the TypeScript line that threw", () => {
    expect(stack).toContain("negative amount -1");
    expect(stack).toMatch(/dist\/main\.js:\d+:\d+/);
    const mapped = mapStackTrace(stack);
    expect(mapped).toMatch(/failing-service\.ts:2:\d+/);
    expect(mapped).not.toMatch(/at chargeInvoice \([^)]*dist\/main\.js/);
  });

  it("leaves frames it has no map for as they are", () => {
    const frame = "    at run (node:internal/modules/run_main:1:1)\n    at x (/nowhere/dist/other.js:3:4)";
    expect(mapStackTrace(frame)).toBe(frame);
  });

  it("runs as a CLI command that reads the trace from stdin", () => {
    const cli = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "stack-trace"], {
      cwd: apiDir,
      input: stack,
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/failing-service\.ts:2:\d+/);
    expect(cli.stdout).toContain("negative amount -1");
  });
});
