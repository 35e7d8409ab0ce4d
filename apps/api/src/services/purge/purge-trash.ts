import { Prisma, recordAudit, type Database, type TransactionClient } from "@agency/db";

/**
 * Trash tables, children first (the foreign keys cascade anyway; this keeps the
 * counts honest). A trashed client is kept while any project of it remains
 * (live, or trashed more recently than the retention): deleting a client does
 * not trash its projects, and the cascade must never take rows nobody trashed
 * or that are still restorable.
 */
const TRASH_TABLES = [
  { key: "comments", table: "task_comments", keep: Prisma.empty },
  { key: "tasks", table: "tasks", keep: Prisma.empty },
  // Billing history is kept for good: a trashed project an invoice line names, or a trashed client
  // with retainers, invoices, payments or a ledger account, stays in the trash (README "Billing
  // and the ledger"); the foreign keys would refuse the delete anyway.
  {
    key: "projects",
    table: "projects",
    keep: Prisma.sql`AND NOT EXISTS (SELECT 1 FROM invoice_lines l WHERE l.org_id = t.org_id AND l.project_id = t.id)`,
  },
  {
    key: "clients",
    table: "clients",
    keep: Prisma.sql`AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.org_id = t.org_id AND p.client_id = t.id)
      AND NOT EXISTS (SELECT 1 FROM retainers r WHERE r.org_id = t.org_id AND r.client_id = t.id)
      AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.org_id = t.org_id AND i.client_id = t.id)
      AND NOT EXISTS (SELECT 1 FROM payments y WHERE y.org_id = t.org_id AND y.client_id = t.id)
      AND NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.org_id = t.org_id AND a.client_id = t.id)`,
  },
] as const;
type TrashKey = (typeof TRASH_TABLES)[number]["key"];
export type TrashCounts = Record<TrashKey, number>;

export const DEFAULT_PURGE_BATCH_SIZE = 5_000;
/** The live-board change feed only needs to cover reconnects: a day is plenty. */
export const BOARD_EVENTS_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Rows that expire instead of being trashed, deleted in batches once past their time:
 * board events older than BOARD_EVENTS_RETENTION_MS, idempotency keys past their expires_at
 * (trpc/idempotency.ts: 24 h).
 */
const EXPIRING_TABLES = [
  {
    key: "boardEvents",
    deleteBatch: (tx: TransactionClient, now: Date, batchSize: number) => tx.$executeRaw`
      DELETE FROM board_events WHERE id IN (
        SELECT id FROM board_events WHERE created_at < ${new Date(now.getTime() - BOARD_EVENTS_RETENTION_MS)}
         ORDER BY id LIMIT ${batchSize})`,
  },
  {
    key: "idempotencyKeys",
    deleteBatch: (tx: TransactionClient, now: Date, batchSize: number) => tx.$executeRaw`
      DELETE FROM idempotency_keys WHERE (org_id, actor_id, key) IN (
        SELECT org_id, actor_id, key FROM idempotency_keys WHERE expires_at <= ${now}
         ORDER BY expires_at LIMIT ${batchSize})`,
  },
] as const;
type ExpiringKey = (typeof EXPIRING_TABLES)[number]["key"];
/**
 * Advisory lock key (any constant bigint both instances agree on) that makes
 * one purge run at a time across every API instance and `pnpm db:purge`.
 */
export const PURGE_LOCK_KEY = 0x7472617368n; // "trash"

export interface PurgeOptions {
  retentionDays: number;
  /** Rows per DELETE statement; each batch commits on its own, so locks and WAL stay small. */
  batchSize?: number;
  /** The clock, for tests. */
  now?: Date;
  /** Stops between batches (shutdown); what was deleted so far is still reported and audited. */
  signal?: AbortSignal;
  /** Called after every DELETE statement, with the rows it removed. */
  onBatch?: (table: TrashKey | ExpiringKey, deleted: number) => void | Promise<void>;
}

export type PurgeResult =
  | { ran: false; reason: "locked" }
  | {
      ran: true;
      /** False when stopped by the signal before the trash was empty. */
      completed: boolean;
      totals: TrashCounts & Record<ExpiringKey, number>;
      /** Rows purged per organization, each also written as one `trash.purged` audit entry. */
      byOrg: Record<string, TrashCounts>;
    };

const emptyCounts = (): TrashCounts => ({ comments: 0, tasks: 0, projects: 0, clients: 0 });

/**
 * Deletes for good what has been in the trash longer than `retentionDays`
 * (comments, tasks, projects, clients — their cascaded children go with them),
 * board events older than a day and expired idempotency keys, in batches, then writes one
 * `trash.purged` audit entry per organization with its counts.
 *
 * Runs as app_maintenance (db.maintenance): app_user has no DELETE grant on
 * these tables, on purpose, and the purge crosses organizations. Only one purge
 * runs at a time: a transaction holding `pg_try_advisory_xact_lock` stays open
 * for the whole run (the lock ends with it, even if this process dies) while the
 * batches commit one by one in their own transactions. A second caller that
 * cannot take the lock returns `{ ran: false }` at once.
 */
export async function purgeTrash(db: Database, options: PurgeOptions): Promise<PurgeResult> {
  return db.maintenance(
    async ({ tx: lock }) => {
      const [row] = await lock.$queryRaw<
        { locked: boolean }[]
      >`SELECT pg_try_advisory_xact_lock(${PURGE_LOCK_KEY}) AS locked`;
      if (!row?.locked) return { ran: false, reason: "locked" } as const;
      await assertBypassesRowSecurity(lock);
      return purgeUnderLock(db, options);
    },
    // The lock holder idles while the batches run; a huge backlog may take a while.
    { timeoutMs: 60 * 60_000, maxWaitMs: 10_000 },
  );
}

/**
 * Every trash table forces row-level security, which binds even its owner
 * unless the role is a superuser or has BYPASSRLS: without either, each
 * DELETE would silently match nothing. Fail loudly instead.
 */
async function assertBypassesRowSecurity(tx: TransactionClient) {
  const [role] = await tx.$queryRaw<{ bypasses: boolean }[]>`
    SELECT rolsuper OR rolbypassrls AS bypasses FROM pg_roles WHERE rolname = current_user`;
  if (!role?.bypasses) {
    throw new Error(
      "The trash purge runs as app_maintenance, which must bypass row-level security (BYPASSRLS); as it is, it would delete nothing.",
    );
  }
}

async function purgeUnderLock(db: Database, options: PurgeOptions): Promise<PurgeResult & { ran: true }> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? DEFAULT_PURGE_BATCH_SIZE;
  const trashCutoff = new Date(now.getTime() - options.retentionDays * 24 * 60 * 60 * 1000);
  const byOrg: Record<string, TrashCounts> = {};
  const totals = { ...emptyCounts(), boardEvents: 0, idempotencyKeys: 0 };
  const stopped = () => options.signal?.aborted === true;

  for (const { key, table, keep } of TRASH_TABLES) {
    while (!stopped()) {
      const purged = await db.maintenance(({ tx }) => deleteTrashBatch(tx, table, keep, trashCutoff, batchSize));
      let deleted = 0;
      for (const { orgId, n } of purged) {
        (byOrg[orgId] ??= emptyCounts())[key] += n;
        deleted += n;
      }
      totals[key] += deleted;
      await options.onBatch?.(key, deleted);
      if (deleted < batchSize) break;
    }
  }
  for (const { key, deleteBatch } of EXPIRING_TABLES) {
    while (!stopped()) {
      const deleted = await db.maintenance(({ tx }) => deleteBatch(tx, now, batchSize));
      totals[key] += deleted;
      await options.onBatch?.(key, deleted);
      if (deleted < batchSize) break;
    }
  }

  await auditPurges(db, byOrg, options.retentionDays);
  return { ran: true, completed: !stopped(), totals, byOrg };
}

/** One DELETE of at most `batchSize` rows trashed before `cutoff`, counted per organization. */
function deleteTrashBatch(
  tx: TransactionClient,
  table: (typeof TRASH_TABLES)[number]["table"],
  keep: Prisma.Sql,
  cutoff: Date,
  batchSize: number,
) {
  // The table name comes from the constant list above, never from input.
  const name = Prisma.raw(`"${table}"`);
  return tx.$queryRaw<{ orgId: string; n: number }[]>`
    WITH purged AS (
      DELETE FROM ${name} WHERE id IN (
        SELECT t.id FROM ${name} t WHERE t.deleted_at < ${cutoff} ${keep} ORDER BY t.deleted_at, t.id LIMIT ${batchSize})
      RETURNING org_id)
    SELECT org_id::text AS "orgId", count(*)::int AS n FROM purged GROUP BY org_id`;
}

async function auditPurges(db: Database, byOrg: Record<string, TrashCounts>, retentionDays: number) {
  const orgs = Object.entries(byOrg);
  if (orgs.length === 0) return;
  await db.maintenance(async ({ tx }) => {
    for (const [orgId, counts] of orgs) {
      await recordAudit(tx, {
        action: "trash.purged",
        orgId,
        actorUserId: null,
        target: { type: "organization", id: orgId },
        metadata: { retentionDays, ...counts },
      });
    }
  });
}
