import { readFileSync } from "node:fs";
import path from "node:path";

const apiDir = path.resolve(import.meta.dirname, "..");

/**
 * The `node` arguments `pnpm start` / `pnpm worker` run the API / worker with (apps/api/package.json
 * is the one place they are written), e.g. `["--max-old-space-size=1024", "dist/main.js"]`. The
 * benchmark and the e2e stack spawn the compiled servers with exactly these, so what they measure
 * and test is what production runs.
 */
export function productionNodeArgs(script: "start" | "worker"): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(apiDir, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const [command, ...args] = (scripts[script] ?? "").trim().split(/\s+/);
  if (command !== "node" || !args.at(-1)?.startsWith("dist/"))
    throw new Error(
      `apps/api/package.json: "${script}" must be "node [flags] dist/<entry>.js", found "${scripts[script]}"`,
    );
  return args;
}

/** The Node flags alone (without the entry), e.g. for the benchmark's baseline server. */
export const productionNodeFlags = (script: "start" | "worker") => productionNodeArgs(script).slice(0, -1);
