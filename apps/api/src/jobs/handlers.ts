import type { Database } from "@agency/db";
import type { Transporter } from "nodemailer";
import { deliverEmail } from "../services/mail/smtp-delivery";
import { purgeTrash } from "../services/purge/purge-trash";
import { QUEUES, type JobPayloads, type QueueDefinition } from "./queues";
import type { JobHandler } from "./runner";

export interface HandlerDeps {
  db: Database;
  /** Unset without SMTP_URL: the outbox is then only the dev inbox, and delivery jobs complete unsent. */
  mail?: { transport: Pick<Transporter, "sendMail">; from: string };
  retentionDays: number;
}

/** The queue → handler table of the worker. A new queue gets its line here (README "Jobs"). */
export function productionQueues(deps: HandlerDeps): { definition: QueueDefinition; handler: JobHandler<never> }[] {
  const deliver: JobHandler<JobPayloads["email.deliver"]> = async (job) => {
    if (!deps.mail) {
      job.log.debug({ emailId: job.payload.emailId }, "no SMTP_URL: the email stays in the dev outbox");
      return { outcome: "skipped_no_smtp" };
    }
    const outcome = await deliverEmail(deps.db, deps.mail.transport, job.payload.emailId, { from: deps.mail.from });
    return { outcome };
  };
  const purge: JobHandler<JobPayloads["trash.purge"]> = async (job) => {
    const result = await purgeTrash(deps.db, { retentionDays: deps.retentionDays, signal: job.signal });
    if (!result.ran) job.log.info("trash purge skipped: another purge (pnpm db:purge) holds the lock");
    else if (Object.values(result.totals).some((n) => n > 0)) job.log.info({ purged: result.totals }, "trash purged");
    return result.ran ? { completed: result.completed, totals: result.totals } : { ran: false };
  };
  return [
    { definition: QUEUES["email.deliver"], handler: deliver },
    { definition: QUEUES["trash.purge"], handler: purge },
  ];
}
