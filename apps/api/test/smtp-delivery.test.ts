import { freePort } from "@agency/db/local-postgres";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Transporter } from "nodemailer";
import { productionQueues } from "../src/jobs/handlers";
import { deadLetterQueueOf } from "../src/jobs/queues";
import { enqueueEmail } from "../src/services/mail/outbox";
import { createSmtpTransport } from "../src/services/mail/smtp-delivery";
import { callerFor } from "./helpers/callers";
import { createUser } from "./helpers/fixtures";
import { jobsOf, startRunner } from "./helpers/jobs";
import { startTestApi, type TestApi } from "./helpers/test-api";

// A real SMTP server (nodemailer's smtp-server) on loopback receives what the API delivers.
const received: { to: string; raw: string }[] = [];
let smtp: SMTPServer;
let smtpPort: number;
let t: TestApi;

beforeAll(async () => {
  smtpPort = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        // Undo quoted-printable soft line breaks so links read whole.
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), raw: raw.replace(/=\r?\n/g, "") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(smtpPort, "127.0.0.1", resolve));
  t = await startTestApi();
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** The worker's real queues and handlers, with SMTP pointed at `transport` and email retries shortened. */
function workerQueues(transport: Transporter, retryLimit = 5) {
  return productionQueues({ db: t.api.deps.db, mail: { transport, from: "Agency OS <no-reply@agency-os.test>" }, retentionDays: 30 })
    .filter((q) => q.definition.name === "email.deliver")
    .map((q) => {
      // No backoff in a test (pg-boss refuses a retryDelayMax without it).
      const { retryDelayMax: _max, ...options } = q.definition.options;
      return {
        ...q,
        definition: { ...q.definition, pollingIntervalSeconds: 0.5, options: { ...options, retryLimit, retryDelay: 0, retryBackoff: false } },
      };
    });
}

describe("SMTP delivery of the outbox, through the job queue", () => {
  it("an invitation's email is enqueued with it, delivered over SMTP by the worker and marked sent", async () => {
    const owner = await createUser(t, "smtp-owner@mail.test", "Owner");
    const caller = callerFor(t, owner, { requestId: "smtp-req-01" });
    const org = await caller.organizations.create({ name: "Mail Agency" });
    await caller.invitations.create({ orgId: org.id, email: "guest@mail.test", role: "member" });
    const row = await t.prisma.outboxEmail.findFirstOrThrow({ where: { to: "guest@mail.test" } });
    // The delivery job was written in the invitation's own transaction, with its org and request.
    const [job] = (await jobsOf(t.prisma, "email.deliver")).filter((j) => (j.data?.payload as { emailId: string }).emailId === row.id);
    expect(job?.data).toMatchObject({ orgId: org.id, actorId: owner, requestId: "smtp-req-01" });

    const transport = createSmtpTransport(`smtp://127.0.0.1:${smtpPort}`);
    const runner = await startRunner(t.databaseUrl, workerQueues(transport));
    try {
      await expect.poll(() => received.length, { timeout: 15_000 }).toBe(1);
      await expect.poll(async () => (await jobsOf(t.prisma, "email.deliver")).find((j) => j.id === job!.id)?.state).toBe("completed");
    } finally {
      await runner.stop(5_000);
      transport.close();
    }
    expect(received[0]!.to).toBe("guest@mail.test");
    expect(received[0]!.raw).toContain("Subject: You're invited to join Mail Agency on Agency OS");
    expect(received[0]!.raw).toContain("From: Agency OS <no-reply@agency-os.test>");
    expect(received[0]!.raw).toMatch(/\/invitations\/[A-Za-z0-9_-]{20,}/);
    const sent = await t.prisma.outboxEmail.findUniqueOrThrow({ where: { id: row.id } });
    expect(sent).toMatchObject({ attempts: 1, lastError: null });
    expect(sent.sentAt).not.toBeNull();
    // The worker's log line joins the request that enqueued the mail.
    expect(runner.logs().find((l) => l.msg === "job completed" && l.jobId === job!.id)).toMatchObject({ requestId: "smtp-req-01", orgId: org.id });
  });

  it("retries against an unreachable server, counts each attempt on the row, then dead-letters the job", async () => {
    const deadPort = await freePort();
    const transport = createSmtpTransport(`smtp://127.0.0.1:${deadPort}`);
    // Started first: a job takes its queue's retry settings when it is enqueued.
    const runner = await startRunner(t.databaseUrl, workerQueues(transport, 2));
    try {
      const userId = await createUser(t, "nobody@mail.test", "Nobody");
      await t.api.deps.db.tenant({ userId }, ({ tx }) => enqueueEmail({ tx }, { to: "nobody@mail.test", subject: "Hello", text: "Body" }));
      await expect
        .poll(async () => (await jobsOf(t.prisma, deadLetterQueueOf("email.deliver"))).length, { timeout: 20_000 })
        .toBe(1);
    } finally {
      await runner.stop(5_000);
      transport.close();
    }
    const row = await t.prisma.outboxEmail.findFirstOrThrow({ where: { to: "nobody@mail.test" } });
    expect(row).toMatchObject({ sentAt: null, attempts: 3 });
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
  });
});
