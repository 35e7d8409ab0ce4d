import type { Database } from "@agency/db";
import { createTransport, type Transporter } from "nodemailer";
import type { Logger } from "pino";

export const MAX_DELIVERY_ATTEMPTS = 5;
const BATCH_SIZE = 20;

/** An SMTP transport with a deadline on every step, so a dead server cannot hold a batch forever. */
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

interface PendingEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  attempts: number;
}

/**
 * Sends a batch of unsent outbox emails and marks each one sent, or counts a
 * failed attempt (giving up after MAX_DELIVERY_ATTEMPTS). Rows are claimed
 * with FOR UPDATE SKIP LOCKED, so several API instances deliver in parallel
 * without sending anything twice. Runs as app_maintenance: the outbox belongs to no tenant.
 */
export async function deliverPendingEmails(
  db: Database,
  transport: Pick<Transporter, "sendMail">,
  options: { from: string; log?: Logger },
): Promise<{ sent: number; failed: number }> {
  return db.maintenance(
    async ({ tx }) => {
      const batch = await tx.$queryRaw<PendingEmail[]>`
        SELECT id, "to", subject, text, attempts FROM email_outbox
         WHERE sent_at IS NULL AND attempts < ${MAX_DELIVERY_ATTEMPTS}
         ORDER BY created_at
         LIMIT ${BATCH_SIZE}
         FOR UPDATE SKIP LOCKED`;
      let sent = 0;
      let failed = 0;
      for (const email of batch) {
        try {
          await transport.sendMail({ from: options.from, to: email.to, subject: email.subject, text: email.text });
          await tx.outboxEmail.update({ where: { id: email.id }, data: { sentAt: new Date(), attempts: { increment: 1 }, lastError: null } });
          sent += 1;
        } catch (error) {
          failed += 1;
          const message = (error as Error).message.slice(0, 500);
          await tx.outboxEmail.update({ where: { id: email.id }, data: { attempts: { increment: 1 }, lastError: message } });
          options.log?.warn({ emailId: email.id, attempt: email.attempts + 1, error: { message } }, "email delivery failed");
        }
      }
      return { sent, failed };
    },
    { timeoutMs: 5 * 60_000 },
  );
}

/** Polls the outbox while the process runs; stop() waits for a batch in flight. */
export function startMailDelivery(options: {
  db: Database;
  transport: Transporter;
  from: string;
  log: Logger;
  intervalMs?: number;
}) {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    running ??= deliverPendingEmails(options.db, options.transport, options)
      .catch((error: Error) => options.log.error({ error: { type: error.name, message: error.message } }, "email delivery batch failed"))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, options.intervalMs ?? 5_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      options.transport.close();
    },
  };
}
