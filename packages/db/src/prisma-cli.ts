import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { childProcessEnv } from "./env";

export const dbPackageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const migrationsDir = path.join(dbPackageDir, "prisma", "migrations");

/**
 * Runs the real Prisma CLI of this package. The two engine variables point at
 * an existing file so the CLI does not try to download native engines it will
 * not use (the JS schema engine and the Rust-free client need none).
 */
export function runPrismaCli(
  args: string[],
  options: { databaseUrl?: string; cwd?: string; timeoutMs?: number; stdio?: "inherit" | "pipe" } = {},
): Promise<{ stdout: string; stderr: string }> {
  const prismaBin = path.join(dbPackageDir, "node_modules", "prisma", "build", "index.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaBin, ...args], {
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
      if (code === 0) resolve({ stdout, stderr });
      else
        reject(
          new Error(
            `prisma ${args.join(" ")} failed (${signal ? `killed by ${signal}, timeout ${timeoutMs} ms` : `exit ${code}`}):\n${stdout}${stderr}`.trim(),
          ),
        );
    });
  });
}
