import type { Database } from "@agency/db";
import type { Logger } from "pino";
import { AppError } from "../errors/app-error";
import { invoiceRetainerPeriod, type BillingScope } from "./services";

/** Retainers looked at per maintenance read (the run pages on until none is left). */
export const DUE_RETAINER_PAGE = 500;

interface DueRetainer {
  org_id: string;
  retainer_id: string;
}

export interface ScheduledInvoiceDeps {
  db: Database;
  log: Logger;
  /** The billing service that issues one period (tests wrap it to make one organization fail). */
  invoicePeriod?: typeof invoiceRetainerPeriod;
}

export interface ScheduledInvoiceRun {
  /** Retainers found without an invoice for their current period. */
  due: number;
  /** Invoices issued by this run. */
  issued: number;
  /** Found already invoiced (another run got there first), or refused by the billing rules (a zero total…). */
  skipped: number;
  /** Failed for another reason (logged with org and retainer; the next run tries again). */
  failed: number;
}

/**
 * The hourly `billing.retainer-invoices` job: issues the current period's invoice of every live
 * retainer Stripe does not bill — terms `active` or `past_due` now, started, not ended, out of
 * trial, `stripe_subscription_id` unset — whose current period has no invoice yet, in every
 * organization (there is no per-organization switch yet: README "Billing and the ledger").
 *
 * Finding them crosses organizations, so it runs as app_maintenance (db.maintenance: SELECT on the
 * billing tables only), which also yields each organization's "Billing automation" service user
 * (`app_billing_service_user`). Issuing is tenant work: each retainer in its own transaction,
 * entered as its organization's service user (like the Stripe jobs' service user), through the
 * same service as the button (invoiceRetainerPeriod: retainer row locked, one invoice per
 * period, journal and audit entries in that transaction, the audit naming the service user). So a
 * second run, or two runs at once, issue nothing more, and one retainer or organization failing
 * stops no other.
 */
export async function invoiceDueRetainers(
  deps: ScheduledInvoiceDeps,
  options: { now?: Date; signal?: AbortSignal; requestId?: string } = {},
): Promise<ScheduledInvoiceRun> {
  const now = options.now ?? new Date();
  const invoicePeriod = deps.invoicePeriod ?? invoiceRetainerPeriod;
  const request = { requestId: options.requestId ?? "billing.retainer-invoices", ip: null, userAgent: "agency-worker (billing.retainer-invoices)" };
  const run: ScheduledInvoiceRun = { due: 0, issued: 0, skipped: 0, failed: 0 };
  let after: DueRetainer | null = null;
  while (!options.signal?.aborted) {
    const page = await findDueRetainers(deps.db, now, after);
    run.due += page.due.length;
    for (const { org_id: orgId, retainer_id: retainerId } of page.due) {
      if (options.signal?.aborted) break;
      const actorId = page.actors.get(orgId)!;
      try {
        const { created, invoice } = await deps.db.tenant({ userId: actorId, orgId }, ({ tx }) => {
          const scope: BillingScope = { tx, org: { id: orgId }, actor: { userId: actorId }, request };
          return invoicePeriod(scope, { retainerId, periodContaining: now });
        });
        if (created) {
          run.issued += 1;
          deps.log.info({ orgId, retainerId, invoiceId: invoice.id, number: invoice.number }, "retainer period invoiced");
        } else {
          run.skipped += 1;
        }
      } catch (error) {
        if (error instanceof AppError && error.status < 500) {
          run.skipped += 1;
          deps.log.info({ orgId, retainerId, reason: error.message }, "retainer period not invoiced: refused by the billing rules");
        } else {
          run.failed += 1;
          deps.log.error({ err: error, orgId, retainerId }, "retainer period invoicing failed; the other retainers go on");
        }
      }
    }
    if (page.due.length < DUE_RETAINER_PAGE) break;
    after = page.due[page.due.length - 1]!;
  }
  return run;
}

/** One page of due retainers (keyset on org, retainer) and the service user of each organization in it. */
async function findDueRetainers(db: Database, now: Date, after: DueRetainer | null) {
  return db.maintenance(async ({ tx }) => {
    const due = await tx.$queryRaw<DueRetainer[]>`
      SELECT r.org_id::text, r.id::text AS retainer_id
        FROM retainers r
        JOIN organizations o ON o.id = r.org_id AND o.deleted_at IS NULL
        JOIN clients c ON c.org_id = r.org_id AND c.id = r.client_id AND c.deleted_at IS NULL
        CROSS JOIN LATERAL (
          SELECT v.status, v.starts_at, v.ends_at, v.trial_ends_at FROM retainer_versions v
           WHERE v.org_id = r.org_id AND v.retainer_id = r.id AND v.effective_at <= ${now}
           ORDER BY v.effective_at DESC, v.recorded_at DESC, v.version DESC
           LIMIT 1) terms
       WHERE r.deleted_at IS NULL AND r.stripe_subscription_id IS NULL
         AND terms.status IN ('active', 'past_due')
         AND terms.starts_at <= ${now} AND (terms.ends_at IS NULL OR terms.ends_at > ${now})
         AND (terms.trial_ends_at IS NULL OR terms.trial_ends_at <= ${now})
         AND NOT EXISTS (
           SELECT 1 FROM invoices i
            WHERE i.org_id = r.org_id AND i.retainer_id = r.id AND i.status <> 'void'
              AND i.period_start <= ${now} AND i.period_end > ${now})
         AND (${after?.org_id ?? null}::uuid IS NULL OR (r.org_id, r.id) > (${after?.org_id ?? null}::uuid, ${after?.retainer_id ?? null}::uuid))
       ORDER BY r.org_id, r.id
       LIMIT ${DUE_RETAINER_PAGE}`;
    const actors = new Map<string, string>();
    for (const orgId of new Set(due.map((row) => row.org_id))) {
      const rows = await tx.$queryRaw<{ user_id: string }[]>`SELECT app_billing_service_user(${orgId}::uuid)::text AS user_id`;
      actors.set(orgId, rows[0]!.user_id);
    }
    return { due, actors };
  });
}
