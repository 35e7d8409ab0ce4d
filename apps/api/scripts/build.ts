/**
 * `pnpm --filter @agency/api build`: the API as plain JavaScript for production (`pnpm start`
 * runs `node dist/main.js`, no TypeScript loader). esbuild bundles our own code — this app
 * and the workspace packages it imports (@agency/*, which ship TypeScript sources) — into one
 * ESM file per entry point; every npm dependency stays an import resolved from node_modules
 * at run time, as in development. Source maps point stack traces at the TypeScript.
 */
import { build, type Plugin } from "esbuild";
import { rmSync } from "node:fs";
import path from "node:path";

const appDir = path.resolve(import.meta.dirname, "..");
const outdir = path.join(appDir, "dist");

/** npm packages stay external; workspace packages and relative imports are bundled. */
const externalDependencies: Plugin = {
  name: "external-dependencies",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("@agency/") || args.path.startsWith("node:")) return undefined;
      return { path: args.path, external: true };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
const started = performance.now();
const result = await build({
  absWorkingDir: appDir,
  entryPoints: { main: "src/main.ts", "bench-baseline": "bench/baseline/server.ts" },
  outdir,
  bundle: true,
  platform: "node",
  target: "node24",
  format: "esm",
  sourcemap: true,
  metafile: true,
  logLevel: "warning",
  plugins: [externalDependencies],
  // ESM output still meets CommonJS-era code in our dependencies' generated clients.
  banner: {
    js: "import { createRequire as __agencyCreateRequire } from 'node:module'; const require = __agencyCreateRequire(import.meta.url);",
  },
});
const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith(".js"));
for (const [file, output] of outputs) {
  console.log(`${path.relative(appDir, file)}  ${(output.bytes / 1024).toFixed(0)} KiB`);
}
console.log(`built in ${Math.round(performance.now() - started)} ms`);
