import { freePort } from "@agency/db/local-postgres";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSmtpTransport, deliverPendingEmails, MAX_DELIVERY_ATTEMPTS } from "../src/services/mail/smtp-delivery";
import { callerFor } from "./helpers/callers";
import { createUser } from "./helpers/fixtures";
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

describe("SMTP delivery of the outbox", () => {
  it("delivers an invitation email over SMTP and marks it sent", async () => {
    const owner = await createUser(t, "smtp-owner@mail.test", "Owner");
    const caller = callerFor(t, owner, { requestId: "smtp-req-01" });
    const org = await caller.organizations.create({ name: "Mail Agency" });
    await caller.invitations.create({ orgId: org.id, email: "guest@mail.test", role: "member" });

    const transport = createSmtpTransport(`smtp://127.0.0.1:${smtpPort}`);
    const result = await deliverPendingEmails(t.api.deps.db, transport, { from: "Agency OS <no-reply@agency-os.test>" });
    transport.close();
    expect(result).toEqual({ sent: 1, failed: 0 });
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toBe("guest@mail.test");
    expect(received[0]!.raw).toContain("Subject: You're invited to join Mail Agency on Agency OS");
    expect(received[0]!.raw).toContain("From: Agency OS <no-reply@agency-os.test>");
    expect(received[0]!.raw).toMatch(/\/invitations\/[A-Za-z0-9_-]{20,}/);
    const row = await t.prisma.outboxEmail.findFirstOrThrow({ where: { to: "guest@mail.test" } });
    expect(row.sentAt).not.toBeNull();
    expect(await deliverPendingEmails(t.api.deps.db, transport, { from: "x <x@x.test>" })).toEqual({ sent: 0, failed: 0 });
  });

  it("counts failed attempts against an unreachable server and gives up after the limit", async () => {
    await t.prisma.outboxEmail.create({ data: { to: "nobody@mail.test", subject: "Hello", text: "Body" } });
    const deadPort = await freePort();
    const transport = createSmtpTransport(`smtp://127.0.0.1:${deadPort}`);
    for (let i = 0; i < MAX_DELIVERY_ATTEMPTS + 1; i++) {
      await deliverPendingEmails(t.api.deps.db, transport, { from: "x <x@x.test>" });
    }
    transport.close();
    const row = await t.prisma.outboxEmail.findFirstOrThrow({ where: { to: "nobody@mail.test" } });
    expect(row).toMatchObject({ sentAt: null, attempts: MAX_DELIVERY_ATTEMPTS });
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
  });
});
