import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor as callerOf } from "./helpers/callers";
import { addMembers, createUser } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";

let t: TestApi;
const callerFor = (userId: string) =>
  callerOf(t, userId, { headers: { "user-agent": "vitest-agent" }, requestId: "audit-req-0001", ip: "192.0.2.10" });
let owner: string;
let member: string;
let orgId: string;

beforeAll(async () => {
  t = await startTestApi();
  owner = await createUser(t, "owner@audit.test", "Audit Owner");
  member = await createUser(t, "member@audit.test", "Audit Member");
  // Through the API with this file's request headers: org.created is one of the entries paged below.
  orgId = (await callerFor(owner).organizations.create({ name: "Audited" })).id;
  await addMembers(t, orgId, [{ userId: member, role: "member" }]);
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
