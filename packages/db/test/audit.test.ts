import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "../src/audit";
import { openTestDatabase, seedTwoTenants } from "./helpers";

let t: Awaited<ReturnType<typeof openTestDatabase>>;
let tenants: Awaited<ReturnType<typeof seedTwoTenants>>;

beforeAll(async () => {
  t = await openTestDatabase();
  tenants = await seedTwoTenants(t.pool);
});
afterAll(() => t.close());

const inA = () => ({ userId: tenants.a.userId, orgId: tenants.a.orgId });

describe("audit log", () => {
  it("records an entry in the same transaction as the change, with its origin", async () => {
    await t.database.tenant(inA(), async ({ tx }) => {
      await tx.organization.update({ where: { id: tenants.a.orgId }, data: { name: "Agency A2" } });
      await recordAudit(tx, {
        action: "org.updated",
        orgId: tenants.a.orgId,
        actorUserId: tenants.a.userId,
        target: { type: "organization", id: tenants.a.orgId },
        origin: { ip: "203.0.113.7", userAgent: "vitest", requestId: "req-audit-1" },
        metadata: { name: { before: "Agency A", after: "Agency A2" } },
      });
    });
    const [entry] = await t.prisma.auditLog.findMany({ where: { requestId: "req-audit-1" } });
    expect(entry).toMatchObject({
      action: "org.updated",
      orgId: tenants.a.orgId,
      actorUserId: tenants.a.userId,
      targetType: "organization",
      ip: "203.0.113.7",
      metadata: { name: { before: "Agency A", after: "Agency A2" } },
    });
  });

  it("rolls the entry back with the change", async () => {
    await expect(
      t.database.tenant(inA(), async ({ tx }) => {
        await recordAudit(tx, { action: "org.updated", orgId: tenants.a.orgId, actorUserId: tenants.a.userId, origin: { requestId: "req-audit-rollback" } });
        throw new Error("change failed");
      }),
    ).rejects.toThrow("change failed");
    expect(await t.prisma.auditLog.count({ where: { requestId: "req-audit-rollback" } })).toBe(0);
  });

  it("refuses entries in another organization's or another user's name", async () => {
    await expect(
      t.database.tenant(inA(), ({ tx }) => recordAudit(tx, { action: "org.updated", orgId: tenants.b.orgId, actorUserId: tenants.a.userId })),
    ).rejects.toThrow(/row-level security/);
    await expect(
      t.database.tenant(inA(), ({ tx }) => recordAudit(tx, { action: "org.updated", orgId: tenants.a.orgId, actorUserId: tenants.b.userId })),
    ).rejects.toThrow(/row-level security/);
  });

  it("accepts unattributed security events (failed sign-in of an unknown email)", async () => {
    await t.database.tenant({ anonymous: true }, ({ tx }) =>
      recordAudit(tx, { action: "auth.sign_in.failed", origin: { requestId: "req-audit-anon" }, metadata: { reason: "unknown_email" } }),
    );
    expect(await t.prisma.auditLog.count({ where: { requestId: "req-audit-anon" } })).toBe(1);
  });

  it("shows each tenant only its own entries", async () => {
    await t.database.tenant({ userId: tenants.b.userId, orgId: tenants.b.orgId }, ({ tx }) =>
      recordAudit(tx, { action: "org.updated", orgId: tenants.b.orgId, actorUserId: tenants.b.userId }),
    );
    const seenByB = await t.database.tenant({ userId: tenants.b.userId, orgId: tenants.b.orgId }, ({ tx }) => tx.auditLog.findMany());
    expect(seenByB.length).toBeGreaterThan(0);
    expect(seenByB.every((e) => e.orgId === tenants.b.orgId || e.actorUserId === tenants.b.userId)).toBe(true);
  });

  it("is append-only: app_user cannot update or delete, and a trigger stops even the owner", async () => {
    await expect(
      t.database.tenant(inA(), ({ tx }) => tx.$executeRaw`UPDATE audit_logs SET action = 'org.created'`),
    ).rejects.toThrow(/permission denied/);
    await expect(t.database.tenant(inA(), ({ tx }) => tx.$executeRaw`DELETE FROM audit_logs`)).rejects.toThrow(/permission denied/);
    await expect(t.pool.query("UPDATE audit_logs SET action = 'org.created'")).rejects.toThrow(/append-only/);
    await expect(t.pool.query("DELETE FROM audit_logs")).rejects.toThrow(/append-only/);
    await expect(t.pool.query("TRUNCATE audit_logs")).rejects.toThrow(/append-only/);
  });

  it("the database itself rejects a malformed action", async () => {
    await expect(t.pool.query("INSERT INTO audit_logs (action) VALUES ('DROP TABLE')")).rejects.toThrow(/not a valid action name/);
  });

  it("rejects actions outside the catalogue before touching the database", async () => {
    await expect(
      t.database.tenant(inA(), ({ tx }) => recordAudit(tx, { action: "org.exploded" as never, orgId: tenants.a.orgId })),
    ).rejects.toThrow(/Invalid option/);
  });
});
