import type { Database } from "@agency/db";
import { createTransport, type Transporter } from "nodemailer";

/** An SMTP transport with a deadline on every step, so a dead server cannot hold a job forever. */
export function createSmtpTransport(smtpUrl: string): Transporter {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  return createTransport({
    host: url.hostname,
    port: Number(url.port) || (secure ? 465 : 587),
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 15_000,
  });
}

export type DeliveryOutcome = "sent" | "already_sent" | "missing";

export class EmailDeliveryFailed extends Error {
  override name = "EmailDeliveryFailed";
}

/**
 * Sends one outbox email (the `email.deliver` job) and marks it sent; a failure is counted on the
 * row (attempts, last_error) and thrown, so the job queue retries it with backoff and finally
 * dead-letters it. Idempotent: an email already sent is not sent again. The row is locked while
 * it is sent, so two deliveries of one email never overlap. Runs as app_maintenance: the outbox
 * belongs to no tenant.
 */
export async function deliverEmail(
  db: Database,
  transport: Pick<Transporter, "sendMail">,
  emailId: string,
  options: { from: string },
): Promise<DeliveryOutcome> {
  const result = await db.maintenance(
    async ({ tx }) => {
      const [email] = await tx.$queryRaw<{ to: string; subject: string; text: string; sent: boolean }[]>`
        SELECT "to", subject, text, sent_at IS NOT NULL AS sent FROM email_outbox WHERE id = ${emailId}::uuid FOR UPDATE`;
      if (!email) return { outcome: "missing" as const };
      if (email.sent) return { outcome: "already_sent" as const };
      try {
        await transport.sendMail({ from: options.from, to: email.to, subject: email.subject, text: email.text });
      } catch (error) {
        const message = (error as Error).message.slice(0, 500);
        await tx.outboxEmail.update({ where: { id: emailId }, data: { attempts: { increment: 1 }, lastError: message } });
        return { failed: message };
      }
      await tx.outboxEmail.update({ where: { id: emailId }, data: { sentAt: new Date(), attempts: { increment: 1 }, lastError: null } });
      return { outcome: "sent" as const };
    },
    // The transport's own timeouts bound the send (≤ 35 s); the job expires after 120 s.
    { timeoutMs: 60_000 },
  );
  if ("failed" in result) throw new EmailDeliveryFailed(result.failed);
  return result.outcome;
}
