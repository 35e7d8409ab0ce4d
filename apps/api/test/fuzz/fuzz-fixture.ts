import fc from "fast-check";
import { encodeCursor } from "../../src/lib/cursor";
import { createBilling, createIntegrations } from "../helpers/fixtures";
import { startTestApi, type TestApi } from "../helpers/test-api";
import { plausibleEmail, plausibleTimeZone, plausibleUrl, type FieldHint } from "./json-schema-arbitrary";
import { craftedCursors } from "./mutations";

export const INTERNAL_SECRET = "fuzz-internal-secret-0123456789-abcdef";
export const FOREIGN_ORIGIN = "https://evil.test";

/**
 * A real API (own database, real HTTP) with one organization whose owner has a session, a
 * member to act on, an outsider owning another organization, and a few clients, projects,
 * tasks, comments and invitations — so generated inputs can carry ids that resolve and get
 * past the guards into the services.
 */
export interface FuzzFixture {
  t: TestApi;
  base: string;
  orgId: string;
  otherOrgId: string;
  ownerId: string;
  memberId: string;
  outsiderId: string;
  ownerSession: string;
  outsiderSession: string;
  /** Sessions of the owner that procedures may revoke (account.revokeSession). */
  spareSessions: string[];
  clientIds: string[];
  projectIds: string[];
  taskIds: string[];
  commentIds: string[];
  invitationIds: string[];
  /** A webhook endpoint (with one delivery) and the Slack connection of the organization. */
  endpointIds: string[];
  deliveryIds: string[];
  /** Billing records (a retainer, a paused one; draft, open and paid invoices) of the first client. */
  retainerIds: string[];
  invoiceIds: string[];
  /** Cursors as the API would hand them out for the fixture's rows (every list's key kind). */
  realCursors: string[];
  /** Un-revokes and extends the fixture's sessions (after a call that may have ended them). */
  restoreSessions(): Promise<void>;
  close(): Promise<void>;
}

export async function startFuzzFixture(): Promise<FuzzFixture> {
  const t = await startTestApi({
    env: { INTERNAL_API_SECRET: INTERNAL_SECRET, RATE_LIMIT_SCALE: "1000", LOG_LEVEL: "warn", DEV_OUTBOX: "true" },
  });
  const base = await t.listen();
  const { prisma } = t;
  const user = async (email: string) => (await prisma.user.create({ data: { email, name: email.split("@")[0]! } })).id;
  const ownerId = await user("owner@fuzz.test");
  const memberId = await user("member@fuzz.test");
  const outsiderId = await user("outsider@fuzz.test");
  const orgId = (await prisma.organization.create({ data: { name: "Fuzz Agency", slug: "fuzz-agency" } })).id;
  const otherOrgId = (await prisma.organization.create({ data: { name: "Elsewhere", slug: "elsewhere" } })).id;
  await prisma.membership.createMany({
    data: [
      { orgId, userId: ownerId, role: "owner" },
      { orgId, userId: memberId, role: "member" },
      { orgId: otherOrgId, userId: outsiderId, role: "owner" },
    ],
  });
  const expiresAt = () => new Date(Date.now() + 3_600_000);
  const session = async (userId: string) =>
    (await prisma.session.create({ data: { userId, expiresAt: expiresAt() } })).id;
  const ownerSession = await session(ownerId);
  const outsiderSession = await session(outsiderId);
  const spareSessions = [await session(ownerId), await session(ownerId)];

  const clientIds: string[] = [];
  const projectIds: string[] = [];
  const taskIds: string[] = [];
  const commentIds: string[] = [];
  for (const name of ["Acme", "Globex", "Initech"]) {
    const clientId = (await prisma.client.create({ data: { orgId, name } })).id;
    clientIds.push(clientId);
    const projectId = (await prisma.project.create({ data: { orgId, clientId, name: `${name} site` } })).id;
    projectIds.push(projectId);
    for (const [i, title] of ["Design", "Build", "Ship 100%_done\\"].entries()) {
      const task = await prisma.task.create({
        data: { orgId, projectId, title, position: 1024 * (i + 1), dueDate: i === 0 ? new Date("2026-12-01") : null },
      });
      taskIds.push(task.id);
      const comment = await prisma.taskComment.create({
        data: { orgId, taskId: task.id, authorId: ownerId, body: "LGTM" },
      });
      commentIds.push(comment.id);
    }
  }
  const invitationIds: string[] = [];
  for (const email of ["new1@fuzz.test", "new2@fuzz.test"]) {
    const invitation = await prisma.invitation.create({
      data: {
        orgId,
        email,
        role: "member",
        tokenHash: crypto.randomUUID(),
        invitedById: ownerId,
        expiresAt: expiresAt(),
      },
    });
    invitationIds.push(invitation.id);
  }
  const integrations = await createIntegrations(t, orgId);
  const endpointIds = [integrations.webhookEndpointId];
  const deliveryIds = [integrations.webhookDeliveryId];
  const billing = await createBilling(t, orgId, clientIds[0]!);
  const retainerIds = [billing.retainerId, billing.pausedRetainerId];
  const invoiceIds = [billing.draftInvoiceId, billing.openInvoiceId, billing.paidInvoiceId];
  const now = Date.now();
  const realCursors = [
    encodeCursor(now, taskIds[0]!),
    encodeCursor("Acme", clientIds[0]!),
    encodeCursor("d:2026-12-01", taskIds[0]!),
    encodeCursor("u", taskIds[1]!),
    encodeCursor("todo:1024", taskIds[0]!),
    encodeCursor(now, "1"),
  ];
  const fixtureSessions = [ownerSession, outsiderSession, ...spareSessions];

  return {
    t,
    base,
    orgId,
    otherOrgId,
    ownerId,
    memberId,
    outsiderId,
    ownerSession,
    outsiderSession,
    spareSessions,
    clientIds,
    projectIds,
    endpointIds,
    deliveryIds,
    retainerIds,
    invoiceIds,
    taskIds,
    commentIds,
    invitationIds,
    realCursors,
    async restoreSessions() {
      await prisma.session.updateMany({
        where: { id: { in: fixtureSessions } },
        data: { revokedAt: null, expiresAt: expiresAt() },
      });
    },
    close: () => t.close(),
  };
}

/** Who calls: the headers the web server's proxy would send for each. */
export type Caller = "owner" | "outsider" | "anonymous" | "internal";

export function headersFor(fixture: FuzzFixture, caller: Caller): Record<string, string> {
  switch (caller) {
    case "owner":
      return { "x-internal-secret": INTERNAL_SECRET, "x-agency-session": fixture.ownerSession };
    case "outsider":
      return { "x-internal-secret": INTERNAL_SECRET, "x-agency-session": fixture.outsiderSession };
    case "internal":
      return { "x-internal-secret": INTERNAL_SECRET };
    case "anonymous":
      return {};
  }
}

/** Real ids (mostly) for fields that name an entity, so generated calls get past "not found" into the services. */
export function fixtureHints(f: FuzzFixture): FieldHint {
  const pools: Record<string, readonly string[]> = {
    // Mostly the caller's organization (the outsider's now and then: NOT_FOUND).
    orgId: [...Array<string>(9).fill(f.orgId), f.otherOrgId],
    clientId: f.clientIds,
    projectId: f.projectIds,
    taskId: f.taskIds,
    afterTaskId: f.taskIds,
    commentId: f.commentIds,
    invitationId: f.invitationIds,
    endpointId: f.endpointIds,
    deliveryId: f.deliveryIds,
    retainerId: f.retainerIds,
    invoiceId: f.invoiceIds,
    userId: [f.memberId, f.ownerId, f.outsiderId],
    assigneeId: [f.memberId, f.ownerId, f.outsiderId],
    actorUserId: [f.ownerId],
    sessionId: f.spareSessions,
    lastEventId: ["0", "1", "2"],
  };
  const cursors = [...craftedCursors(f.taskIds), ...f.realCursors];
  return (key, schema, fallback) => {
    if (key === "cursor")
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...cursors) }, { weight: 1, arbitrary: fallback });
    // An address, except where `email` is a flag (notification preferences: in app / by email).
    if ((key === "email" || key === "contactEmail") && schema.type !== "boolean") {
      return fc.oneof({ weight: 3, arbitrary: plausibleEmail }, { weight: 1, arbitrary: fallback });
    }
    if (key === "url") return fc.oneof({ weight: 3, arbitrary: plausibleUrl }, { weight: 1, arbitrary: fallback });
    if (key === "timeZone")
      return fc.oneof({ weight: 3, arbitrary: plausibleTimeZone }, { weight: 1, arbitrary: fallback });
    const pool = pools[key];
    return pool
      ? fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: fallback })
      : undefined;
  };
}
