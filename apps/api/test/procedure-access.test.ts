import { describe, expect, it } from "vitest";
import { appRouter } from "../src/routers/app-router";
import type { ProcedureMeta } from "../src/trpc/trpc";

// Default deny: every procedure must be built from a named builder that declares its access level.
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta } }>);

describe("every procedure declares its access level", () => {
  it("the router has procedures to check", () => {
    expect(procedures.length).toBeGreaterThan(0);
  });

  it.each(procedures)("%s declares public, internal, authed or org access", (_path, procedure) => {
    expect(["public", "internal", "authed", "org"]).toContain(procedure._def.meta?.access);
  });

  it("every org procedure names the permission it needs", () => {
    const missing = procedures.filter(([, p]) => p._def.meta?.access === "org" && !p._def.meta.permission).map(([path]) => path);
    expect(missing).toEqual([]);
  });
});
