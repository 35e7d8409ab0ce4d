import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../src/client";
import { getMigrationStatus, migrationNames } from "../src/health";
import { seedDemoData, DEMO } from "../src/seed";
import { createEmptyDatabase } from "../src/testing";
import { openTestDatabase } from "./helpers";

let t: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

describe("migration status", () => {
  it("counts every migration folder as applied on a migrated database", async () => {
    const status = await getMigrationStatus(t.prisma);
    const names = migrationNames();
    expect(names.length).toBeGreaterThanOrEqual(1);
    expect(status).toEqual({ applied: names.length, pending: 0, failed: 0, latest: names.at(-1) });
  });

  it("reports everything pending (and does not throw) on an empty database", async () => {
    const empty = await createEmptyDatabase();
    const prisma = createPrismaClient({ connectionString: empty.url, max: 1 });
    try {
      expect(await getMigrationStatus(prisma)).toEqual({
        applied: 0,
        pending: migrationNames().length,
        failed: 0,
        latest: null,
      });
    } finally {
      await prisma.$disconnect();
      await empty.drop();
    }
  });

  it("pings the server and reports its version", async () => {
    const ping = await t.database.ping();
    expect(ping.serverVersion).toMatch(/^\d+(\.\d+)?/);
    expect(ping.latencyMs).toBeGreaterThanOrEqual(0);
  });
});

describe("seed", () => {
  it("is idempotent: a second run changes nothing", async () => {
    const first = await seedDemoData(t.prisma);
    const second = await seedDemoData(t.prisma);
    expect(second.organization.id).toBe(first.organization.id);
    expect(await t.prisma.organization.count({ where: { slug: DEMO.organization.slug } })).toBe(1);
    expect(await t.prisma.user.count({ where: { email: DEMO.user.email } })).toBe(1);
    expect(await t.prisma.membership.count({ where: { orgId: first.organization.id } })).toBe(1);
  });
});
