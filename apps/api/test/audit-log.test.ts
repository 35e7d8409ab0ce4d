import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src/routers/app-router";
import { createContext } from "../src/trpc/context";
import { createCallerFactory } from "../src/trpc/trpc";
import { startTestApi, type TestApi } from "./helpers/test-api";

let t: TestApi;
const callerFor = (userId: string) =>
  createCallerFactory(appRouter)(
    createContext({ deps: t.api.deps, headers: new Headers({ "user-agent": "vitest-agent" }), requestId: "audit-req-0001", ip: "192.0.2.10", actor: { userId } }),
  );
let owner: string;
let member: string;
let orgId: string;

beforeAll(async () => {
  t = await startTestApi();
  const { prisma } = t;
  owner = (await prisma.user.create({ data: { email: "owner@audit.test", name: "Audit Owner" } })).id;
  member = (await prisma.user.create({ data: { email: "member@audit.test", name: "Audit Member" } })).id;
  orgId = (await callerFor(owner).organizations.create({ name: "Audited" })).id;
  await prisma.membership.create({ data: { orgId, userId: member, role: "member" } });
  for (let i = 0; i < 5; i++) await callerFor(owner).clients.create({ orgId, name: `Client ${i}` });
  await callerFor(owner).organizations.update({ orgId, name: "Audited Renamed" });
});
afterAll(() => t.close());

describe("audit log page (admins)", () => {
  it("lists the organization's entries newest first with who, what, where", async () => {
    const page = await callerFor(owner).audit.list({ orgId, limit: 3 });
    expect(page.items[0]).toMatchObject({
      action: "org.updated",
      actor: { id: owner, name: "Audit Owner" },
      targetType: "organization",
      ip: "192.0.2.10",
      userAgent: "vitest-agent",
      requestId: "audit-req-0001",
      metadata: { name: { before: "Audited", after: "Audited Renamed" } },
    });
  });

  it("pages through every entry exactly once and filters by action", async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await callerFor(owner).audit.list({ orgId, limit: 2, ...(cursor ? { cursor } : {}) });
      ids.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(ids).toHaveLength(7); // org.created + 5 client.created + org.updated
    expect(new Set(ids).size).toBe(7);
    const clientsOnly = await callerFor(owner).audit.list({ orgId, action: "client.created" });
    expect(clientsOnly.items).toHaveLength(5);
  });

  it("is for admins and owners only", async () => {
    await expect(callerFor(member).audit.list({ orgId })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
