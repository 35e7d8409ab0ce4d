import { randomUUID } from "node:crypto";
import type { Database, TransactionClient } from "@agency/db";
import { enqueue } from "../../jobs/enqueue";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  orgId?: string | null;
}

/**
 * Queues an email in the outbox inside the caller's transaction, with its `email.deliver` job:
 * the mail and its delivery exist if and only if the change that sends it commits. The worker
 * delivers it over SMTP when configured; without SMTP the outbox is the dev inbox shown by the
 * web app.
 */
export async function enqueueEmail(
  scope: { tx: TransactionClient; request?: { requestId: string } },
  message: EmailMessage,
): Promise<void> {
  const { tx } = scope;
  // The id is chosen here: app_user may append to the outbox but not read it back (no RETURNING).
  const id = randomUUID();
  await tx.outboxEmail.createMany({
    data: { id, to: message.to, subject: message.subject.slice(0, 200), text: message.text, orgId: message.orgId ?? null },
  });
  await enqueue(scope, "email.deliver", { emailId: id });
}

/** Newest outbox emails, for the dev inbox. Read as app_maintenance: no tenant owns the outbox. */
export async function readOutbox(db: Database, limit = 50) {
  const rows = await db.maintenance(({ tx }) =>
    tx.outboxEmail.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit }),
  );
  return rows.map((r) => ({ id: r.id, to: r.to, subject: r.subject, text: r.text, createdAt: r.createdAt.toISOString() }));
}
