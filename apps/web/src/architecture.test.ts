import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The web app talks to the API only (ARCHITECTURE.md): these checks fail the build, not a review.
const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(path.join(webDir, "package.json"), "utf8")) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const FORBIDDEN = /^(@agency\/db|@prisma\/.*|prisma|pg)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mjs)$/.test(name) ? [full] : [];
  });
}

describe("apps/web stays on its side of the API", () => {
  it("declares no database dependency", () => {
    const all = { ...manifest.dependencies, ...manifest.devDependencies };
    expect(Object.keys(all).filter((name) => FORBIDDEN.test(name))).toEqual([]);
  });

  it("depends on the API package for types only", () => {
    expect(manifest.dependencies?.["@agency/api"]).toBeUndefined();
    expect(manifest.devDependencies?.["@agency/api"]).toBeDefined();
  });

  it("imports nothing from the database layer, and only types from the API", () => {
    const offenders: string[] = [];
    const dirs = ["src", "server", "e2e"].map((dir) => path.join(webDir, dir));
    for (const file of dirs.flatMap(sourceFiles)) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/^\s*import\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gm)) {
        const [, typeOnly, specifier] = match;
        if (/^(@agency\/db|@prisma\/|pg$)/.test(specifier!)) offenders.push(`${file}: ${specifier}`);
        if (specifier!.startsWith("@agency/api") && !typeOnly) offenders.push(`${file}: value import of ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
