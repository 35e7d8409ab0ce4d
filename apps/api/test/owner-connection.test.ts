import { BoundaryViolation } from "@agency/db";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor } from "./helpers/callers";
import { createOrganizationAs, createUser } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";
import { createCallerFactory, orgProcedure, router } from "../src/trpc/trpc";

/**
 * Org-scoped code reaches the database only through its own tenant transaction (scope.tx /
 * scope.sql). Nothing with more rights — app_maintenance, the connecting role's pool, a second
 * transaction — is reachable from inside one: at run time the boundary refuses it, and in the
 * source no router or service but the named maintenance places even mentions it.
 */
let t: TestApi;
let owner: string;
let orgId: string;
beforeAll(async () => {
  t = await startTestApi();
  owner = await createUser(t, "owner@boundary.test");
  orgId = await createOrganizationAs(t, owner, "Boundary Co");
});
afterAll(() => t.close());

const reachingOut = router({
  maintenance: orgProcedure
    .meta({ permission: "org:read" })
    .query(({ ctx }) => ctx.db.maintenance(async () => "bypassed RLS")),
  secondTransaction: orgProcedure
    .meta({ permission: "org:read" })
    .query(({ ctx }) => ctx.db.tenant({ userId: owner, orgId }, async () => "second transaction")),
  pool: orgProcedure.meta({ permission: "org:read" }).query(({ ctx }) => ctx.db.ping()),
});

describe("org-scoped code cannot reach the owner connection", () => {
  it.each(["maintenance", "secondTransaction", "pool"] as const)("a procedure reaching for %s fails", async (name) => {
    const caller = createCallerFactory(reachingOut)(contextFor(t, owner, { headers: { "x-org-id": orgId } }));
    const error = await caller[name]().then(
      () => null,
      (e: { cause?: unknown }) => e,
    );
    expect(error?.cause).toBeInstanceOf(BoundaryViolation);
  });

  it("no router, service or domain module (billing, revenue, ai, http) outside the named maintenance places mentions maintenance rights, the pool or a Prisma client", () => {
    const src = path.resolve(import.meta.dirname, "../src");
    // The places the README names: work no tenant owns.
    const allowed = new Set([
      "services/purge/purge-trash.ts",
      "services/mail/smtp-delivery.ts",
      "services/mail/outbox.ts",
      "services/webhooks/deliver.ts",
      "services/webhooks/due-deliveries.ts",
      "services/notifications/digest.ts",
      "services/notifications/unsubscribe.ts",
      "billing/scheduled-invoices.ts",
      "http/ops-routes.ts",
      "http/health-routes.ts",
      "routers/system/status.ts",
    ]);
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        return statSync(full).isDirectory() ? walk(full) : full.endsWith(".ts") ? [full] : [];
      });
    })(src).map((file) => path.relative(src, file));
    const reaching = files
      .filter((file) => /^(routers|services|billing|revenue|ai|http)\//.test(file) || allowed.has(file))
      .filter((file) => !allowed.has(file))
      .filter((file) =>
        /\.maintenance\(|\.ping\(|\.migrationStatus\(|createPrismaClient|new PrismaClient|\bdeps\.prisma\b|\bctx\.prisma\b/.test(
          readFileSync(path.join(src, file), "utf8"),
        ),
      );
    expect(reaching).toEqual([]);
    expect(files.length).toBeGreaterThan(40);
  });
});
