import { Prisma, type Database } from "@agency/db";
import { calendarDayIn, DEFAULT_NOTIFICATION_PREFERENCE, type NotificationKind } from "@agency/validators";
import type { SecretBox } from "../../lib/secret-box";
import { enqueueEmail } from "../mail/outbox";
import { unsubscribeToken } from "./unsubscribe-token";

export interface DigestDeps {
  db: Database;
  /** Seals the unsubscribe links; unusable (production without ENCRYPTION_KEYS): the email links Settings only. */
  box: SecretBox;
  appUrl: string;
}

/** Notifications considered per run (the schedule comes back in 15 minutes for the rest). */
export const DIGEST_BATCH = 2_000;

const STATUS: Record<string, string> = { todo: "To do", in_progress: "In progress", review: "Review", done: "Done" };

type Pending = {
  id: string;
  org_id: string;
  user_id: string;
  kind: NotificationKind;
  task_id: string;
  data: Record<string, unknown>;
  read_at: Date | null;
  actor_name: string | null;
  task_title: string;
  org_name: string;
};

function line(n: Pending): string {
  const who = n.actor_name ?? "Someone";
  const title = `“${n.task_title}”`;
  switch (n.kind) {
    case "assigned":
      return `${who} assigned you ${title}`;
    case "mentioned":
      return `${who} mentioned you on ${title}`;
    case "commented":
      return `${who} commented on ${title}`;
    case "status_changed":
      return `${who} moved ${title} to ${STATUS[String(n.data.to)] ?? String(n.data.to)}`;
    case "due_soon":
      return `${title} is due tomorrow (${String(n.data.dueDate)})`;
  }
}

/**
 * The email digest (the `notifications.digest` schedule, every 15 minutes): every notification not
 * yet considered for email is looked at once. The unread ones of a kind its recipient gets by email
 * (preferences, defaults in DEFAULT_NOTIFICATION_PREFERENCE) become ONE email per recipient — all
 * organizations together, grouped — queued in the outbox with its `email.deliver` job in the same
 * transaction that marks them processed, so a crash re-sends nothing and loses nothing. Already
 * read in the app: not emailed. As app_maintenance (it works across organizations);
 * `FOR UPDATE SKIP LOCKED` lets two workers run it at once without doubling an email.
 */
export async function runNotificationDigest(
  deps: DigestDeps,
  now = new Date(),
): Promise<{ considered: number; emails: number }> {
  return deps.db.maintenance(
    async ({ tx }) => {
      const pending = await tx.$queryRaw<Pending[]>`
      WITH batch AS (
        SELECT n.id FROM notifications n
         WHERE n.email_processed_at IS NULL AND n.created_at <= ${now}
         ORDER BY n.created_at
         LIMIT ${DIGEST_BATCH}
         FOR UPDATE SKIP LOCKED)
      SELECT n.id, n.org_id, n.user_id, n.kind::text AS kind, n.task_id, n.data, n.read_at,
             a.name AS actor_name, t.title AS task_title, o.name AS org_name
        FROM batch JOIN notifications n ON n.id = batch.id
        JOIN tasks t ON t.id = n.task_id
        JOIN organizations o ON o.id = n.org_id
        LEFT JOIN users a ON a.id = n.actor_id
       ORDER BY n.org_id, n.created_at`;
      if (pending.length === 0) return { considered: 0, emails: 0 };

      const userIds = [...new Set(pending.map((n) => n.user_id))];
      const [prefs, users] = await Promise.all([
        tx.notificationPreference.findMany({
          where: { userId: { in: userIds } },
          select: { userId: true, kind: true, email: true },
        }),
        tx.user.findMany({
          where: { id: { in: userIds }, kind: "person" },
          select: { id: true, email: true, name: true },
        }),
      ]);
      const chosen = new Map(prefs.map((p) => [`${p.userId}:${p.kind}`, p.email]));
      const wantsEmail = (n: Pending) =>
        n.read_at === null && (chosen.get(`${n.user_id}:${n.kind}`) ?? DEFAULT_NOTIFICATION_PREFERENCE[n.kind].email);

      const emailed: string[] = [];
      let emails = 0;
      for (const user of users) {
        const mine = pending.filter((n) => n.user_id === user.id && wantsEmail(n));
        if (mine.length === 0) continue;
        const byOrg = new Map<string, Pending[]>();
        for (const n of mine) byOrg.set(n.org_name, [...(byOrg.get(n.org_name) ?? []), n]);
        const sections = [...byOrg].map(
          ([org, items]) =>
            `${org}\n${items.map((n) => `- ${line(n)}\n  ${deps.appUrl}/app/tasks/${n.task_id}`).join("\n")}`,
        );
        let unsubscribe: string;
        try {
          unsubscribe = `Unsubscribe from these emails: ${deps.appUrl}/unsubscribe/${encodeURIComponent(unsubscribeToken(deps.box, user.id))}`;
        } catch {
          unsubscribe = "Choose which emails you get:";
        }
        const text = [
          `Hi ${user.name},`,
          "",
          `Here is what happened in Agency OS since the last email (${mine.length} update${mine.length === 1 ? "" : "s"}):`,
          "",
          sections.join("\n\n"),
          "",
          "—",
          `${unsubscribe}`,
          `Notification settings: ${deps.appUrl}/app/settings#notifications`,
        ].join("\n");
        const subject = mine.length === 1 ? line(mine[0]!) : `${mine.length} updates in Agency OS`;
        await enqueueEmail({ tx }, { to: user.email, subject, text });
        emailed.push(...mine.map((n) => n.id));
        emails += 1;
      }
      const ids = pending.map((n) => n.id);
      await tx.$executeRaw`UPDATE notifications SET email_processed_at = ${now} WHERE id = ANY (${ids}::uuid[])`;
      if (emailed.length)
        await tx.$executeRaw`UPDATE notifications SET emailed_at = ${now} WHERE id = ANY (${emailed}::uuid[])`;
      return { considered: pending.length, emails };
      // One transaction per batch: up to a few thousand small statements (an email and its job per recipient).
    },
    { timeoutMs: 120_000 },
  );
}

/**
 * Due tomorrow (the hourly `notifications.due-soon` schedule): one `due_soon` notification per open,
 * assigned task of a live project due the day after `now` *in its assignee's time zone*
 * (`users.time_zone`; none, or one this runtime does not know, is UTC), for the assignee while a
 * member. So a New York assignee hears about a task due on the 10th from just after midnight of
 * the 9th, New York time — not at 7 pm on the 8th (UTC midnight).
 *
 * Tomorrow is computed here, per zone in use, with the same Intl rules as My work's today
 * (`calendarDayIn`), and handed to the insert as a (zone, day) table: PostgreSQL never interprets
 * a zone name, so its tz database (older or newer than the runtime's) cannot disagree with the
 * page, and a name it does not know cannot fail the run for everyone. An assignee whose zone is
 * not in that table (changed between the two statements) waits for the next run.
 * The unique (task, user, `due:<date>`) index makes every later run for that due date a no-op —
 * also when the assignee changes zone in between.
 */
export async function runDueSoon(db: Database, now = new Date()): Promise<{ created: number }> {
  // Local days run from UTC-12 to UTC+14: everyone's tomorrow is the UTC day, or one or two after.
  const utcToday = calendarDayIn("UTC", now);
  const created = await db.maintenance(async ({ tx }) => {
    const inUse = await tx.$queryRaw<{ zone: string | null }[]>`
      SELECT DISTINCT u.time_zone AS zone
        FROM tasks t JOIN users u ON u.id = t.assignee_id
       WHERE t.due_date BETWEEN ${utcToday}::date AND ${addDays(utcToday, 2)}::date
         AND t.deleted_at IS NULL AND t.status <> 'done'`;
    if (inUse.length === 0) return 0;
    const zones = [...new Set(inUse.map((row) => row.zone ?? "UTC"))];
    const tomorrows = zones.map((zone) => addDays(calendarDayIn(zone, now), 1));
    return tx.$executeRaw(Prisma.sql`
      INSERT INTO notifications (id, org_id, user_id, kind, task_id, data, dedupe_key)
      SELECT gen_random_uuid(), t.org_id, t.assignee_id, 'due_soon', t.id,
             jsonb_build_object('dueDate', t.due_date::text), 'due:' || t.due_date::text
        FROM tasks t
        JOIN projects p ON p.org_id = t.org_id AND p.id = t.project_id AND p.deleted_at IS NULL
        JOIN memberships m ON m.org_id = t.org_id AND m.user_id = t.assignee_id
        JOIN users u ON u.id = t.assignee_id
        JOIN unnest(${zones}::text[], ${tomorrows}::date[]) AS z(name, tomorrow)
          ON z.name = coalesce(u.time_zone, 'UTC') AND t.due_date = z.tomorrow
       WHERE t.due_date BETWEEN ${utcToday}::date AND ${addDays(utcToday, 2)}::date
         AND t.deleted_at IS NULL AND t.assignee_id IS NOT NULL AND t.status <> 'done'
      ON CONFLICT (task_id, user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`);
  });
  return { created };
}

/** `YYYY-MM-DD` plus `days` (calendar arithmetic in UTC, so no zone's DST can shift it). */
function addDays(isoDay: string, days: number): string {
  return new Date(Date.parse(`${isoDay}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
