import type { Database, TransactionClient } from "@agency/db";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  orgId?: string | null;
}

/**
 * Queues an email in the outbox inside the caller's transaction: the mail
 * exists if and only if the change that sends it commits. Delivery reads the
 * outbox (SMTP when configured); without SMTP the outbox is the dev inbox
 * shown by the web app.
 */
export async function enqueueEmail(tx: TransactionClient, message: EmailMessage): Promise<void> {
  // createMany: no RETURNING, since app_user may append to the outbox but not read it.
  await tx.outboxEmail.createMany({
    data: { to: message.to, subject: message.subject.slice(0, 200), text: message.text, orgId: message.orgId ?? null },
  });
}

/** Newest outbox emails, for the dev inbox. Read as app_maintenance: no tenant owns the outbox. */
export async function readOutbox(db: Database, limit = 50) {
  const rows = await db.maintenance(({ tx }) =>
    tx.outboxEmail.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit }),
  );
  return rows.map((r) => ({ id: r.id, to: r.to, subject: r.subject, text: r.text, createdAt: r.createdAt.toISOString() }));
}
