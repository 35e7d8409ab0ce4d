import type { Database } from "@agency/db";
import type { Transporter } from "nodemailer";
import type { ApiMetrics } from "../observability/metrics";
import { withSpan } from "../observability/tracing";
import { deliverEmail } from "../services/mail/smtp-delivery";
import { runDueSoon, runNotificationDigest, type DigestDeps } from "../services/notifications/digest";
import { purgeTrash } from "../services/purge/purge-trash";
import { deliverWebhook, type DeliveryDeps, type DeliveryOutcome } from "../services/webhooks/deliver";
import { sweepDueDeliveries } from "../services/webhooks/due-deliveries";
import { processStripeEvent } from "../billing/stripe/process-event";
import { runStripeSync } from "../billing/stripe/sync";
import type { StripeDeps } from "../billing/stripe/client";
import { billingServices } from "../billing/stripe/billing-binding";
import { invoiceDueRetainers } from "../billing/scheduled-invoices";
import { QUEUES, type JobPayloads, type QueueDefinition } from "./queues";
import type { JobHandler } from "./runner";

export interface HandlerDeps {
  db: Database;
  /** Unset without SMTP_URL: the outbox is then only the dev inbox, and delivery jobs complete unsent. */
  mail?: { transport: Pick<Transporter, "sendMail">; from: string };
  retentionDays: number;
  /**
   * What webhook delivery needs (secret box, outbound policy, app URL). The worker always sets it;
   * tests of other queues leave it out, and the webhook queues are then not worked.
   */
  webhooks?: Omit<DeliveryDeps, "db">;
  /** Notification emails: the unsubscribe links' secret box and the app's URL. Unset: those queues are not worked. */
  notifications?: Omit<DigestDeps, "db">;
  /** Stripe (README "Stripe"): the stripe.event and stripe.sync queues are worked only when set. */
  stripe?: StripeDeps;
  /** Counts webhook delivery outcomes (null: metrics off). */
  metrics?: ApiMetrics | null;
}

/** The outcome label of agency_webhook_deliveries_total for one attempt. */
export function webhookOutcomeLabel(outcome: DeliveryOutcome): string | null {
  if (outcome.status === "done") return outcome.skipped ? null : "success";
  switch (outcome.errorClass) {
    case "http_status":
    case "redirect":
      return "http_error";
    case "timeout":
      return "timeout";
    case "network":
      return "network_error";
    case "ssrf_refused":
    case "target_disabled":
      return "refused";
    default:
      return "error";
  }
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
  const retainerInvoices: JobHandler<JobPayloads["billing.retainer-invoices"]> = async (job) => {
    const run = await invoiceDueRetainers({ db: deps.db, log: job.log }, { signal: job.signal, requestId: job.requestId ?? `billing.retainer-invoices:${job.id}` });
    if (run.due > 0) job.log.info(run, "retainer periods invoiced");
    return run;
  };
  const queues: { definition: QueueDefinition; handler: JobHandler<never> }[] = [
    { definition: QUEUES["email.deliver"], handler: deliver },
    { definition: QUEUES["trash.purge"], handler: purge },
    { definition: QUEUES["billing.retainer-invoices"], handler: retainerInvoices },
  ];
  const notifications = deps.notifications;
  if (notifications) {
    const digest: JobHandler<JobPayloads["notifications.digest"]> = async (job) => {
      const result = await runNotificationDigest({ ...notifications, db: deps.db });
      if (result.emails > 0) job.log.info(result, "notification digest queued");
      return result;
    };
    const dueSoon: JobHandler<JobPayloads["notifications.due-soon"]> = async () => runDueSoon(deps.db);
    queues.push(
      { definition: QUEUES["notifications.digest"], handler: digest },
      { definition: QUEUES["notifications.due-soon"], handler: dueSoon },
    );
  }
  if (deps.stripe) queues.push(...stripeQueues(deps, deps.stripe));
  const webhooks = deps.webhooks;
  if (!webhooks) return queues;

  // One attempt; the retry schedule is the handler's: a failed attempt is recorded with its next
  // time, and the retry is a new job starting then (sent after the record: a crash in between
  // leaves the row due, and the sweeper sends it).
  const deliverHook: JobHandler<JobPayloads["webhook.deliver"]> = async (job) => {
    const { deliveryId } = job.payload;
    const outcome = await withSpan("webhook delivery", { "agency.webhook.delivery_id": deliveryId }, () =>
      deliverWebhook({ ...webhooks, db: deps.db, log: job.log }, deliveryId),
    );
    const label = webhookOutcomeLabel(outcome);
    if (label) deps.metrics?.webhookDeliveries.inc({ outcome: label });
    if (outcome.status === "retry") {
      await job.send("webhook.deliver", { deliveryId }, { startAfter: outcome.retryAt });
      return { status: outcome.status, retryAt: outcome.retryAt.toISOString() };
    }
    return { status: outcome.status };
  };
  const sweep: JobHandler<JobPayloads["webhook.sweep"]> = async (job) => {
    const result = await sweepDueDeliveries(deps.db, job.send);
    if (result.enqueued > 0) job.log.warn({ enqueued: result.enqueued }, "overdue webhook deliveries re-enqueued");
    return result;
  };
  queues.push(
    { definition: QUEUES["webhook.deliver"], handler: deliverHook },
    { definition: QUEUES["webhook.sweep"], handler: sweep },
  );
  return queues;
}

/** The Stripe queues: both run tenant work as the connection's service user the job carries. */
function stripeQueues(deps: HandlerDeps, stripe: StripeDeps): { definition: QueueDefinition; handler: JobHandler<never> }[] {
  const tenantOf = (job: { orgId: string | null; actorId: string | null }) => {
    if (!job.orgId || !job.actorId) throw new Error("a stripe job needs the organization and acting user app_enqueue_job stamps");
    return { orgId: job.orgId, actorId: job.actorId };
  };
  const event: JobHandler<JobPayloads["stripe.event"]> = async (job) => {
    const { orgId, actorId } = tenantOf(job);
    const result = await withSpan("stripe event", { "agency.stripe.event_row_id": job.payload.eventRowId }, () =>
      processStripeEvent(
        { db: deps.db, stripe, billing: billingServices, log: job.log },
        { orgId, actorId, requestId: job.requestId, eventRowId: job.payload.eventRowId },
      ),
    );
    job.log.info({ eventRowId: job.payload.eventRowId, outcome: result.outcome }, "stripe event applied");
    return result;
  };
  const sync: JobHandler<JobPayloads["stripe.sync"]> = async (job) => {
    const { orgId, actorId } = tenantOf(job);
    return withSpan("stripe sync", { "agency.stripe.sync_kind": job.payload.kind }, () =>
      runStripeSync({ db: deps.db, stripe, billing: billingServices, log: job.log }, { orgId, actorId, requestId: job.requestId }, job.payload),
    );
  };
  return [
    { definition: QUEUES["stripe.event"], handler: event },
    { definition: QUEUES["stripe.sync"], handler: sync },
  ];
}
