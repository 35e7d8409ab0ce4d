import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor } from "./helpers/callers";
import { connectedOrg, jobsOf, postSignedEvent, stripeEvent } from "./helpers/stripe";
import { startTestApi, type TestApi } from "./helpers/test-api";

/**
 * POST /webhooks/stripe/:orgId: the signature is verified (constructEvent, 300 s tolerance) against
 * the org's own signing secret before anything is written; a verified event is stored once (event
 * id unique per org) with its processing job in the same transaction; duplicates answer 2xx and
 * store nothing more. Two organizations throughout: the other one's rows never move.
 */
let t: TestApi;
let base: string;
let a: Awaited<ReturnType<typeof connectedOrg>>;
let b: Awaited<ReturnType<typeof connectedOrg>>;

beforeAll(async () => {
  t = await startTestApi();
  base = await t.listen();
  a = await connectedOrg(t, "Alpha");
  b = await connectedOrg(t, "Beta");
});
afterAll(() => t.close());

const eventsOf = (orgId: string) => t.prisma.stripeEvent.findMany({ where: { orgId } });
const jobsFor = async (eventRowIds: string[]) =>
  (await jobsOf(t.prisma, "stripe.event")).filter((j) => eventRowIds.includes((j.data as { payload: { eventRowId: string } }).payload.eventRowId));

describe("stripe connection", () => {
  it("connect checked the key with one Stripe call and the status never carries the key", async () => {
    expect(a.status.connection).toMatchObject({ accountId: a.accountId, keyLast4: a.secretKey.slice(-4), keyKind: "restricted", webhookSecretSet: true, livemode: false });
    expect(JSON.stringify(a.status)).not.toContain(a.secretKey);
    expect(JSON.stringify(a.status)).not.toContain(a.webhookSecret);
    expect(a.status.webhookPath).toBe(`/webhooks/stripe/${a.orgId}`);
    const checks = t.stripe.requests.filter((r) => r.apiKey === a.secretKey);
    expect(checks.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/account"]);
    const row = await t.prisma.stripeConnection.findUniqueOrThrow({ where: { orgId: a.orgId } });
    expect(row.keyCiphertext).not.toContain(a.secretKey.slice(8));
    expect(row.keyKeyId).toBeTruthy();
  });

  it("a key Stripe refuses is a 400 on secretKey and nothing is stored", async () => {
    const { orgId, ownerId } = b;
    const before = await t.prisma.stripeConnection.findUniqueOrThrow({ where: { orgId } });
    await expect(callerFor(t, ownerId).billingStripe.connect({ orgId, secretKey: "rk_test_unknownkey00000000" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await t.prisma.stripeConnection.findUniqueOrThrow({ where: { orgId } })).toEqual(before);
  });

  it("Stripe answering 500 or timing out is a clear 503 and nothing is stored", async () => {
    const { orgId, ownerId } = b;
    const before = await t.prisma.stripeConnection.findUniqueOrThrow({ where: { orgId } });
    const key = "rk_test_retrykey000000000000";
    t.stripe.addAccount(key);
    // One network retry by the SDK: two failures in a row exhaust it.
    t.stripe.failNext(2, "500");
    await expect(callerFor(t, ownerId).billingStripe.connect({ orgId, secretKey: key })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: expect.stringContaining("Stripe answered with an error"),
    });
    t.stripe.failNext(2, "hang");
    await expect(callerFor(t, ownerId).billingStripe.connect({ orgId, secretKey: key })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: expect.stringContaining("could not be reached"),
    });
    expect(await t.prisma.stripeConnection.findUniqueOrThrow({ where: { orgId } })).toEqual(before);
  });

  it("members and viewers cannot read the connection; admins read, only owners change it", async () => {
    const { createUser, addMembers } = await import("./helpers/fixtures");
    const viewer = await createUser(t, "viewer@alpha-stripe.test");
    const admin = await createUser(t, "admin@alpha-stripe.test");
    await addMembers(t, a.orgId, [
      { userId: viewer, role: "viewer" },
      { userId: admin, role: "admin" },
    ]);
    await expect(callerFor(t, viewer).billingStripe.status({ orgId: a.orgId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await callerFor(t, admin).billingStripe.status({ orgId: a.orgId })).connection?.accountId).toBe(a.accountId);
    await expect(callerFor(t, admin).billingStripe.disconnect({ orgId: a.orgId })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("POST /webhooks/stripe/:orgId", () => {
  it("stores a verified event once, with one processing job, and answers 200", async () => {
    const event = stripeEvent("invoice.paid", { id: "in_verified1", object: "invoice" });
    const answer = await postSignedEvent(base, a.orgId, a.webhookSecret, event);
    expect(answer).toEqual({ status: 200, body: { received: true, duplicate: false } });
    const rows = (await eventsOf(a.orgId)).filter((e) => e.eventId === event.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: "invoice.paid", objectId: "in_verified1", processedAt: null });
    const jobs = await jobsFor(rows.map((r) => r.id));
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data).toMatchObject({ orgId: a.orgId });
  });

  it("10 concurrent deliveries of one event store it once and enqueue one job; replays answer 200 duplicate", async () => {
    const event = stripeEvent("customer.subscription.updated", { id: "sub_concurrent", object: "subscription" });
    const answers = await Promise.all(Array.from({ length: 10 }, () => postSignedEvent(base, a.orgId, a.webhookSecret, event)));
    expect(answers.map((x) => x.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((x) => x.body.duplicate === false)).toHaveLength(1);
    const rows = (await eventsOf(a.orgId)).filter((e) => e.eventId === event.id);
    expect(rows).toHaveLength(1);
    expect(await jobsFor(rows.map((r) => r.id))).toHaveLength(1);
    const replay = await postSignedEvent(base, a.orgId, a.webhookSecret, event);
    expect(replay).toEqual({ status: 200, body: { received: true, duplicate: true } });
  });

  it("a tampered body, a wrong secret, a stale or future timestamp, no header → 400 with nothing stored", async () => {
    const before = (await eventsOf(a.orgId)).length;
    const jobsBefore = (await jobsOf(t.prisma, "stripe.event")).length;
    const event = stripeEvent("invoice.paid", { id: "in_tampered", object: "invoice", amount_paid: 100 });
    const tampered = await postSignedEvent(base, a.orgId, a.webhookSecret, event, { tamper: (body) => body.replace('"amount_paid":100', '"amount_paid":999') });
    expect(tampered.status).toBe(400);
    expect((tampered.body.error as { message: string }).message).toMatch(/does not match/);
    expect((await postSignedEvent(base, a.orgId, b.webhookSecret, event)).status).toBe(400);
    const stale = await postSignedEvent(base, a.orgId, a.webhookSecret, event, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(400);
    expect((stale.body.error as { message: string }).message).toMatch(/300 s tolerance/);
    expect((await postSignedEvent(base, a.orgId, a.webhookSecret, event, { timestamp: Math.floor(Date.now() / 1000) + 3600 })).status).toBe(400);
    const unsigned = await fetch(`${base}/webhooks/stripe/${a.orgId}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(event) });
    expect(unsigned.status).toBe(400);
    expect((await eventsOf(a.orgId)).length).toBe(before);
    expect((await jobsOf(t.prisma, "stripe.event")).length).toBe(jobsBefore);
  });

  it("an event signed with one org's secret is refused at another org's route; unknown orgs are 404", async () => {
    const event = stripeEvent("invoice.paid", { id: "in_cross", object: "invoice" });
    expect((await postSignedEvent(base, b.orgId, a.webhookSecret, event)).status).toBe(400);
    expect((await eventsOf(b.orgId)).some((e) => e.eventId === event.id)).toBe(false);
    expect((await postSignedEvent(base, crypto.randomUUID(), a.webhookSecret, event)).status).toBe(404);
    expect((await postSignedEvent(base, "not-a-uuid", a.webhookSecret, event)).status).toBe(404);
  });

  it("unknown event types are stored and acknowledged", async () => {
    const event = stripeEvent("payout.paid", { id: "po_123", object: "payout" });
    expect((await postSignedEvent(base, a.orgId, a.webhookSecret, event)).status).toBe(200);
    expect((await eventsOf(a.orgId)).find((e) => e.eventId === event.id)?.type).toBe("payout.paid");
  });

  it("after disconnect the route refuses (404) and stores nothing", async () => {
    const c = await connectedOrg(t, "Gamma");
    await callerFor(t, c.ownerId).billingStripe.disconnect({ orgId: c.orgId });
    const event = stripeEvent("invoice.paid", { id: "in_gone", object: "invoice" });
    expect((await postSignedEvent(base, c.orgId, c.webhookSecret, event)).status).toBe(404);
    expect(await eventsOf(c.orgId)).toHaveLength(0);
    expect((await callerFor(t, c.ownerId).billingStripe.status({ orgId: c.orgId })).connection).toBeNull();
  });
});
