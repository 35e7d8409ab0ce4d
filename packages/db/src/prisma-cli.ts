import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { childProcessEnv } from "./env";

// Resolved through the package's own name, not this file's location: the API's production
// bundle inlines this module, and the migration folders stay in packages/db.
export const dbPackageDir = path.dirname(createRequire(import.meta.url).resolve("@agency/db/package.json"));
export const migrationsDir = path.join(dbPackageDir, "prisma", "migrations");

const prismaBin = path.join(dbPackageDir, "node_modules", "prisma", "build", "index.js");
const cliPreload = path.join(dbPackageDir, "src", "prisma-cli-preload.cjs");

export interface PrismaCliOptions {
  /** DATABASE_URL for prisma.config.ts's driver adapter. */
  databaseUrl?: string;
  /** Folder holding prisma.config.ts (default: this package). */
  cwd?: string;
  timeoutMs?: number;
  /** "inherit" streams the output to this terminal (and captures nothing). */
  stdio?: "inherit" | "pipe";
  /** Exit codes besides 0 that are answers, not failures (`migrate diff --exit-code` uses 2). */
  okExitCodes?: number[];
}

export interface PrismaCliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Runs the real Prisma CLI of this package as a child process. The two engine
 * variables point at an existing file so the CLI does not try to download
 * native engines it will not use (the JS schema engine and the Rust-free
 * client need none). Rejects with the captured output on a non-zero exit or
 * timeout.
 */
export function runPrismaCli(args: string[], options: PrismaCliOptions = {}): Promise<PrismaCliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", cliPreload, prismaBin, ...args], {
      cwd: options.cwd ?? dbPackageDir,
      env: childProcessEnv({
        ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
        PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
        PRISMA_QUERY_ENGINE_LIBRARY: process.execPath,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
        PRISMA_DISABLE_WARNINGS: "1",
      }),
      stdio: options.stdio === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timeoutMs = options.timeoutMs ?? 120_000;
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code !== null && (code === 0 || options.okExitCodes?.includes(code)))
        return resolve({ stdout, stderr, exitCode: code });
      const reason = signal
        ? `killed by ${signal}${signal === "SIGKILL" ? ` after the ${timeoutMs} ms timeout` : ""}`
        : `exit ${code}`;
      reject(new Error(`prisma ${args.join(" ")} failed (${reason}):\n${withoutWasmFrames(stdout + stderr)}`.trim()));
    });
  });
}

/** The WASM engines' stack traces are dozens of `wasm-function[…]` lines that say nothing to a reader. */
function withoutWasmFrames(output: string): string {
  return output
    .split("\n")
    .filter((line) => !/^\s*at wasm:\/\//.test(line))
    .join("\n");
}
