import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { callerFor as callerOf } from "./helpers/callers";
import { calendarDayIn, UNKNOWN_TIME_ZONE_MESSAGE } from "@agency/validators";
import { createClient, createOrganizationAs, createProject, createSession, createUser } from "./helpers/fixtures";
import { startTestApi, trpcMutation, type TestApi } from "./helpers/test-api";
import { runDueSoon, runNotificationDigest } from "../src/services/notifications/digest";
import { readUnsubscribeToken, unsubscribeToken } from "../src/services/notifications/unsubscribe-token";

let t: TestApi;
const SECRET = "notify-internal-secret-0123456789abcdef";
/** The web server's own call (the unsubscribe page's server action): the internal secret, no session. */
const webServer = () => callerOf(t, null, { headers: { "x-internal-secret": SECRET } });
const as = (userId: string) => callerOf(t, userId, { requestId: "notify-req-01" });

// Org A: Ada (owner), Ben and Cy (members), Vi (viewer). Org B: Bea, and Ben too (member of both).
let ada: string;
let ben: string;
let cy: string;
let vi: string;
let bea: string;
let orgA: string;
let orgB: string;
let projectA: string;
let projectB: string;

const mention = (id: string) => `<@${id}>`;

async function newTask(
  orgId: string,
  projectId: string,
  actor: string,
  patch: { title?: string; assigneeId?: string | null; description?: string; dueDate?: string | null } = {},
) {
  return as(actor).tasks.create({ orgId, projectId, title: patch.title ?? "Task", ...patch });
}
const inbox = (userId: string, orgId = orgA) => as(userId).notifications.list({ orgId, limit: 100 });
const kinds = async (userId: string, taskId: string, orgId = orgA) =>
  (await inbox(userId, orgId)).items
    .filter((n) => n.task.id === taskId)
    .map((n) => n.kind)
    .sort();

/** Rows the owner connection sees (no RLS), for what the API does not expose. */
const allNotifications = (taskId: string) =>
  t.prisma.notification.findMany({ where: { taskId }, orderBy: { createdAt: "asc" } });

beforeAll(async () => {
  t = await startTestApi({ env: { INTERNAL_API_SECRET: SECRET } });
  ada = await createUser(t, "ada@notify.test", "Ada Lovelace");
  ben = await createUser(t, "ben@notify.test", "Ben Okafor");
  cy = await createUser(t, "cy@notify.test", "Cy Young");
  vi = await createUser(t, "vi@notify.test", "Vi Viewer");
  bea = await createUser(t, "bea@notify-b.test", "Bea B");
  orgA = await createOrganizationAs(t, ada, "Notify A", [
    { userId: ben, role: "member" },
    { userId: cy, role: "member" },
    { userId: vi, role: "viewer" },
  ]);
  orgB = await createOrganizationAs(t, bea, "Notify B", [{ userId: ben, role: "member" }]);
  projectA = await createProject(t, orgA, "Site", await createClient(t, orgA, "Acme"));
  projectB = await createProject(t, orgB, "B site", await createClient(t, orgB, "B client"));
});
afterAll(() => t.close());

describe("notifications per kind", () => {
  it("assignment notifies the assignee (never the actor assigning themselves) and makes them follow", async () => {
    const task = await newTask(orgA, projectA, ada, { title: "Assigned to Ben", assigneeId: ben });
    expect(await kinds(ben, task.id)).toEqual(["assigned"]);
    const self = await newTask(orgA, projectA, ben, { title: "Ben's own", assigneeId: ben });
    expect(await kinds(ben, self.id)).toEqual([]);
    // Reassigning on update notifies the new assignee.
    await as(ada).tasks.update({
      orgId: orgA,
      taskId: self.id,
      expectedVersion: self.version,
      patch: { assigneeId: cy },
    });
    expect(await kinds(cy, self.id)).toEqual(["assigned"]);
    const follow = await as(cy).notifications.followState({ orgId: orgA, taskId: self.id });
    expect(follow.following).toBe(true);
    expect(follow.followers.map((f) => f.id).sort()).toEqual([ben, cy].sort());
  });

  it("a mention in a comment notifies members only: a non-member's id is ignored, the author is never notified", async () => {
    const task = await newTask(orgA, projectA, ada, { title: "Mentions" });
    await as(ben).comments.create({
      orgId: orgA,
      taskId: task.id,
      body: `Hey ${mention(cy)} and ${mention(bea)} and myself ${mention(ben)}`,
    });
    expect(await kinds(cy, task.id)).toEqual(["mentioned"]);
    // Bea is not a member of A: nothing was written for her anywhere.
    const rows = await allNotifications(task.id);
    expect(rows.map((r) => r.userId)).not.toContain(bea);
    expect(rows.map((r) => r.userId)).not.toContain(ben);
    // Ada (creator, follower) hears about the comment; Cy got "mentioned", not also "commented".
    expect(await kinds(ada, task.id)).toEqual(["commented"]);
    const [n] = (await inbox(cy)).items.filter((x) => x.task.id === task.id);
    expect(n).toMatchObject({ actor: { id: ben, name: "Ben Okafor" }, task: { title: "Mentions" }, readAt: null });
    expect(n!.commentId).not.toBeNull();
  });

  it("a mention added to a description notifies once; editing without a new mention adds nothing", async () => {
    const task = await newTask(orgA, projectA, ada, { title: "Brief", description: `For ${mention(ben)}` });
    expect(await kinds(ben, task.id)).toEqual(["mentioned"]);
    const updated = await as(ada).tasks.update({
      orgId: orgA,
      taskId: task.id,
      expectedVersion: task.version,
      patch: { description: `For ${mention(ben)} and ${mention(cy)}` },
    });
    expect(await kinds(ben, task.id)).toEqual(["mentioned"]);
    expect(await kinds(cy, task.id)).toEqual(["mentioned"]);
    await as(ada).tasks.update({
      orgId: orgA,
      taskId: task.id,
      expectedVersion: updated.version,
      patch: { description: "Reworded" },
    });
    expect(await kinds(cy, task.id)).toEqual(["mentioned"]);
  });

  it("a status change notifies followers (creator, assignee, commenters) but not the mover; unfollow sticks", async () => {
    const task = await newTask(orgA, projectA, ada, { title: "Moves", assigneeId: ben });
    await as(cy).comments.create({ orgId: orgA, taskId: task.id, body: "Following by commenting" });
    const moved = await as(ben).tasks.move({
      orgId: orgA,
      taskId: task.id,
      expectedVersion: task.version,
      status: "review",
      afterTaskId: null,
    });
    const adaItems = (await inbox(ada)).items.filter((n) => n.task.id === task.id && n.kind === "status_changed");
    expect(adaItems).toHaveLength(1);
    expect(adaItems[0]!.data).toEqual({ from: "todo", to: "review" });
    expect(await kinds(cy, task.id)).toEqual(["status_changed"]);
    expect((await kinds(ben, task.id)).filter((k) => k === "status_changed")).toEqual([]);

    // Cy unfollows; a later comment of hers does not re-follow, and the next move skips her.
    await as(cy).notifications.setFollowing({ orgId: orgA, taskId: task.id, following: false });
    await as(cy).comments.create({ orgId: orgA, taskId: task.id, body: "Still here" });
    await as(ben).tasks.move({
      orgId: orgA,
      taskId: task.id,
      expectedVersion: moved.version,
      status: "done",
      afterTaskId: null,
    });
    expect(await kinds(cy, task.id)).toEqual(["status_changed"]);
    expect((await inbox(ada)).items.filter((n) => n.task.id === task.id && n.kind === "status_changed")).toHaveLength(
      2,
    );
    // A reorder inside the same column is no status change.
    const ids = (await allNotifications(task.id)).length;
    const now = await as(ada).tasks.get({ orgId: orgA, taskId: task.id });
    await as(ben).tasks.move({
      orgId: orgA,
      taskId: task.id,
      expectedVersion: now.version,
      status: "done",
      afterTaskId: null,
    });
    expect((await allNotifications(task.id)).length).toBe(ids);
  });

  it("due tomorrow: one notification per assigned open task, and a second run adds none", async () => {
    const now = new Date("2031-03-09T10:00:00Z");
    const due = await newTask(orgA, projectA, ada, { title: "Due soon", assigneeId: ben, dueDate: "2031-03-10" });
    const done = await newTask(orgA, projectA, ada, { title: "Due but done", assigneeId: ben, dueDate: "2031-03-10" });
    await as(ben).tasks.move({
      orgId: orgA,
      taskId: done.id,
      expectedVersion: done.version,
      status: "done",
      afterTaskId: null,
    });
    await newTask(orgA, projectA, ada, { title: "Due later", assigneeId: ben, dueDate: "2031-03-11" });
    const first = await runDueSoon(t.api.deps.db, now);
    expect(first.created).toBe(1);
    expect((await runDueSoon(t.api.deps.db, now)).created).toBe(0);
    const items = (await inbox(ben)).items.filter((n) => n.kind === "due_soon");
    expect(items.map((n) => [n.task.id, n.data.dueDate, n.actor])).toEqual([[due.id, "2031-03-10", null]]);
  });
});

describe("inbox: unread count, mark read, preferences", () => {
  it("marks one read, then all; the count follows; another member's ids are untouched", async () => {
    const task = await newTask(orgA, projectA, ada, { title: "Inbox", assigneeId: vi });
    await as(ben).comments.create({ orgId: orgA, taskId: task.id, body: `${mention(vi)} ping` });
    const before = await inbox(vi);
    expect(before.unread).toBe(2);
    const [first] = before.items;
    // Ben cannot mark Vi's notification read: it is invisible to him (zero rows).
    expect(await as(ben).notifications.markRead({ orgId: orgA, ids: [first!.id] })).toMatchObject({ updated: 0 });
    expect((await as(vi).notifications.markRead({ orgId: orgA, ids: [first!.id] })).unread).toBe(1);
    expect((await as(vi).notifications.unreadCount({ orgId: orgA })).unread).toBe(1);
    expect((await as(vi).notifications.markRead({ orgId: orgA, all: true })).unread).toBe(0);
    expect((await as(vi).notifications.list({ orgId: orgA, unreadOnly: true })).items).toEqual([]);
  });

  it("a kind switched off in-app leaves the inbox and the count; email choices are kept per kind", async () => {
    const prefs = await as(cy).notifications.preferences();
    expect(prefs.items.find((p) => p.kind === "mentioned")).toEqual({ kind: "mentioned", inApp: true, email: true });
    expect(prefs.items.find((p) => p.kind === "commented")).toEqual({ kind: "commented", inApp: true, email: false });
    const task = await newTask(orgA, projectA, ada, { title: "Muted" });
    await as(ada).comments.create({ orgId: orgA, taskId: task.id, body: `${mention(cy)} look` });
    expect(await kinds(cy, task.id)).toEqual(["mentioned"]);
    await as(cy).notifications.updatePreferences({ items: [{ kind: "mentioned", inApp: false, email: false }] });
    expect(await kinds(cy, task.id)).toEqual([]);
    await as(cy).notifications.updatePreferences({ items: [{ kind: "mentioned", inApp: true, email: true }] });
    expect(await kinds(cy, task.id)).toEqual(["mentioned"]);
  });

  it("pages newest first with a cursor; a null cursor is the first page", async () => {
    const all = await inbox(ben);
    expect(all.items.length).toBeGreaterThanOrEqual(3);
    const first = await as(ben).notifications.list({ orgId: orgA, limit: 2, cursor: null });
    expect(first.items.map((n) => n.id)).toEqual(all.items.slice(0, 2).map((n) => n.id));
    const second = await as(ben).notifications.list({ orgId: orgA, limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((n) => n.id)).toEqual(all.items.slice(2, 4).map((n) => n.id));
    await expect(as(ben).notifications.list({ orgId: orgA, cursor: "not*a*cursor" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("a trashed task's notifications leave the inbox", async () => {
    const task = await newTask(orgA, projectA, ada, { title: "Trashed", assigneeId: ben });
    expect(await kinds(ben, task.id)).toEqual(["assigned"]);
    const fresh = await as(ada).tasks.get({ orgId: orgA, taskId: task.id });
    await as(ada).tasks.delete({ orgId: orgA, taskId: task.id, expectedVersion: fresh.version });
    expect(await kinds(ben, task.id)).toEqual([]);
  });
});

describe("RLS: a notification is its recipient's only", () => {
  async function asAppUser<T>(userId: string | null, orgId: string | null, fn: (c: pg.PoolClient) => Promise<T>) {
    const pool = new pg.Pool({ connectionString: t.databaseUrl, max: 1 });
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL ROLE app_user");
      await client.query("SELECT set_config('app.org_id', $1, true), set_config('app.user_id', $2, true)", [
        orgId ?? "",
        userId ?? "",
      ]);
      return await fn(client);
    } finally {
      await client.query("ROLLBACK");
      client.release();
      await pool.end();
    }
  }

  it("another member of the same organization reads and updates none of mine; another org sees none", async () => {
    const task = await newTask(orgA, projectA, ada, { title: "Private inbox", assigneeId: ben });
    const [row] = await allNotifications(task.id);
    expect(row?.userId).toBe(ben);
    const seenByBen = await asAppUser(ben, orgA, (c) =>
      c.query("SELECT id FROM notifications WHERE task_id = $1", [task.id]),
    );
    expect(seenByBen.rowCount).toBe(1);
    const seenByCy = await asAppUser(cy, orgA, (c) =>
      c.query("SELECT id FROM notifications WHERE task_id = $1", [task.id]),
    );
    expect(seenByCy.rowCount).toBe(0);
    const updatedByCy = await asAppUser(cy, orgA, (c) =>
      c.query("UPDATE notifications SET read_at = now() WHERE id = $1", [row!.id]),
    );
    expect(updatedByCy.rowCount).toBe(0);
    // Ben acting in org B does not see his org-A notification either.
    const benInB = await asAppUser(ben, orgB, (c) => c.query("SELECT id FROM notifications WHERE id = $1", [row!.id]));
    expect(benInB.rowCount).toBe(0);
    // And through the API: Ben's org-B inbox holds nothing of A.
    const bTask = await newTask(orgB, projectB, bea, { title: "B task", assigneeId: ben });
    expect((await inbox(ben, orgB)).items.map((n) => n.task.id)).toEqual([bTask.id]);
  });

  it("the database refuses a notification for oneself, for a non-member, or into another organization", async () => {
    const task = await newTask(orgA, projectA, ada, { title: "Forged" });
    const insert = (userId: string, orgId: string) =>
      `INSERT INTO notifications (id, org_id, user_id, kind, task_id, actor_id) VALUES (gen_random_uuid(), '${orgId}', '${userId}', 'mentioned', '${task.id}', '${ada}')`;
    for (const [target, org] of [
      [ada, orgA],
      [bea, orgA],
      [bea, orgB],
    ] as const) {
      await expect(asAppUser(ada, orgA, (c) => c.query(insert(target, org)))).rejects.toThrow(
        /row-level security|violates/,
      );
    }
    // Ada cannot read back even what she may write (a notification for Ben).
    const readBack = await asAppUser(ada, orgA, async (c) => {
      await c.query(insert(ben, orgA));
      return c.query("SELECT 1 FROM notifications WHERE task_id = $1", [task.id]);
    });
    expect(readBack.rowCount).toBe(0);
  });
});

describe("email digest and unsubscribe", () => {
  const outbox = (to: string) => t.prisma.outboxEmail.findMany({ where: { to }, orderBy: { createdAt: "asc" } });
  const deps = () => ({ db: t.api.deps.db, box: t.api.deps.integrations.box, appUrl: "http://app.test" });

  it("batches one email per recipient for the kinds they chose, skips read ones, and never repeats", async () => {
    const dana = await createUser(t, "dana@notify.test", "Dana Digest");
    await t.prisma.membership.create({ data: { orgId: orgA, userId: dana, role: "member" } });
    // Drain what earlier tests produced, so this run's counts are its own.
    await runNotificationDigest(deps());
    const one = await newTask(orgA, projectA, ada, { title: "Digest one", assigneeId: dana });
    const two = await newTask(orgA, projectA, ben, { title: "Digest two", description: `cc ${mention(dana)}` });
    // A comment notification: Dana follows "Digest one" as assignee, but commented is email-off by default.
    await as(cy).comments.create({ orgId: orgA, taskId: one.id, body: "noted" });
    // Read in the app before the digest: not emailed.
    const three = await newTask(orgA, projectA, ada, { title: "Digest read", assigneeId: dana });
    const readId = (await inbox(dana)).items.find((n) => n.task.id === three.id)!.id;
    await as(dana).notifications.markRead({ orgId: orgA, ids: [readId] });

    const result = await runNotificationDigest(deps());
    expect(result.considered).toBeGreaterThanOrEqual(4);
    const mails = await outbox("dana@notify.test");
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toBe("2 updates in Agency OS");
    expect(mail.text).toContain("Ada Lovelace assigned you “Digest one”");
    expect(mail.text).toContain("Ben Okafor mentioned you on “Digest two”");
    expect(mail.text).toContain(`http://app.test/app/tasks/${two.id}`);
    expect(mail.text).not.toContain("Digest read");
    expect(mail.text).not.toContain("commented");
    // Its delivery job was queued with it (the existing mail path).
    const jobs = await t.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'email.deliver' AND data->'payload'->>'emailId' = ${mail.id}`;
    expect(jobs[0]!.n).toBe(1);
    // Nothing is considered twice.
    expect(await runNotificationDigest(deps())).toEqual({ considered: 0, emails: 0 });
    expect(await outbox("dana@notify.test")).toHaveLength(1);

    // The link unsubscribes without a session; the next assignment is not emailed.
    const link = /\/unsubscribe\/(\S+)/.exec(mail.text)![1]!;
    const token = decodeURIComponent(link);
    expect(readUnsubscribeToken(t.api.deps.integrations.box, token)).toBe(dana);
    await expect(webServer().notifications.unsubscribe({ token })).resolves.toEqual({ unsubscribed: true });
    const prefs = await as(dana).notifications.preferences();
    expect(prefs.items.every((p) => !p.email && p.inApp)).toBe(true);
    await newTask(orgA, projectA, ada, { title: "After unsubscribing", assigneeId: dana });
    expect(await runNotificationDigest(deps())).toMatchObject({ emails: 0 });
    expect(await outbox("dana@notify.test")).toHaveLength(1);
    // In-app still works.
    expect((await inbox(dana)).items.some((n) => n.task.title === "After unsubscribing")).toBe(true);
  });

  it("a forged or altered token is refused with 404, and changes nothing", async () => {
    const real = unsubscribeToken(t.api.deps.integrations.box, ben);
    const altered = real.slice(0, -4) + (real.endsWith("AAAA") ? "BBBB" : "AAAA");
    for (const token of [altered, "dev~not-a-ciphertext", `${real.split("~")[0]}~${"x".repeat(40)}`]) {
      await expect(webServer().notifications.unsubscribe({ token })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    // A browser cannot reach it at all (internal): only the web server's page can.
    await expect(callerOf(t, null).notifications.unsubscribe({ token: real })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await as(ben).notifications.preferences()).items.find((p) => p.kind === "assigned")?.email).toBe(true);
  });
});

describe("my work", () => {
  it("groups my open tasks by due date relative to my today; recent changes and mentions come along", async () => {
    const eve = await createUser(t, "eve@notify.test", "Eve Work");
    await t.prisma.membership.create({ data: { orgId: orgA, userId: eve, role: "member" } });
    const today = "2030-06-12";
    const make = (title: string, dueDate: string | null) =>
      newTask(orgA, projectA, ada, { title, assigneeId: eve, dueDate });
    await make("Overdue", "2030-06-11");
    await make("Today", "2030-06-12");
    await make("In a week", "2030-06-19");
    await make("Later", "2030-06-20");
    await make("Undated", null);
    const finished = await make("Finished", "2030-06-12");
    await as(eve).tasks.move({
      orgId: orgA,
      taskId: finished.id,
      expectedVersion: finished.version,
      status: "done",
      afterTaskId: null,
    });
    await as(ada).comments.create({ orgId: orgA, taskId: finished.id, body: `${mention(eve)} nice` });

    const work = await as(eve).myWork.get({ orgId: orgA, today });
    const titles = (group: keyof typeof work.assigned) => work.assigned[group].map((task) => task.title);
    expect(titles("overdue")).toEqual(["Overdue"]);
    expect(titles("today")).toEqual(["Today"]);
    expect(titles("thisWeek")).toEqual(["In a week"]);
    expect(titles("later")).toEqual(["Later", "Undated"]);
    expect(work.truncated).toBe(false);
    expect(work.recentlyUpdated.map((task) => task.title)).toContain("Finished");
    expect(work.mentions.map((n) => n.task.title)).toEqual(["Finished"]);
    // "Me" in the tasks list's assignee filter: the caller's tasks, whoever calls.
    const mine = await as(eve).tasks.list({ orgId: orgA, assigneeId: "me", limit: 100 });
    expect(mine.items.map((task) => task.title).sort()).toEqual([
      "Finished",
      "In a week",
      "Later",
      "Overdue",
      "Today",
      "Undated",
    ]);
    // Another member's My work holds none of Eve's tasks.
    const cyWork = await as(cy).myWork.get({ orgId: orgA, today });
    expect(
      Object.values(cyWork.assigned)
        .flat()
        .map((task) => task.title),
    ).not.toContain("Overdue");
  });
});

describe("time zones: the person's own calendar day", () => {
  /** A member of org A living in `timeZone` (stored as the profile form would store it). */
  async function memberIn(email: string, timeZone: string | null) {
    const userId = await createUser(t, email, email.split("@")[0]);
    await t.prisma.membership.create({ data: { orgId: orgA, userId, role: "member" } });
    if (timeZone) await as(userId).account.updateProfile({ timeZone });
    return userId;
  }
  const dueSoonDates = async (userId: string) =>
    (await t.prisma.notification.findMany({ where: { userId, kind: "due_soon" }, orderBy: { createdAt: "asc" } }))
      .map((n) => (n.data as { dueDate: string }).dueDate)
      .sort();

  it("due tomorrow is tomorrow where the assignee lives (New York, Tokyo, UTC); a second run adds none", async () => {
    const nyc = await memberIn("nyc@notify.test", "America/New_York");
    const tokyo = await memberIn("tokyo@notify.test", "Asia/Tokyo");
    const utc = await memberIn("utc@notify.test", null);
    for (const [assigneeId, who] of [
      [nyc, "NY"],
      [tokyo, "Tokyo"],
      [utc, "UTC"],
    ] as const) {
      for (const dueDate of ["2032-05-10", "2032-05-11", "2032-05-12"])
        await newTask(orgA, projectA, ada, { title: `${who} due ${dueDate}`, assigneeId, dueDate });
    }

    // 2032-05-10 02:00 UTC: 22:00 on the 9th in New York (EDT), 11:00 on the 10th in Tokyo.
    const night = await runDueSoon(t.api.deps.db, new Date("2032-05-10T02:00:00Z"));
    expect(night.created, "one task each: NY's 10th, Tokyo's 11th, UTC's 11th").toBe(3);
    expect(await dueSoonDates(nyc)).toEqual(["2032-05-10"]);
    expect(await dueSoonDates(tokyo)).toEqual(["2032-05-11"]);
    expect(await dueSoonDates(utc)).toEqual(["2032-05-11"]);

    // 16:00 UTC: noon on the 10th in New York, 01:00 on the 11th in Tokyo; UTC's tomorrow is still the 11th.
    const afternoon = new Date("2032-05-10T16:00:00Z");
    expect((await runDueSoon(t.api.deps.db, afternoon)).created).toBe(2);
    expect(await dueSoonDates(nyc)).toEqual(["2032-05-10", "2032-05-11"]);
    expect(await dueSoonDates(tokyo)).toEqual(["2032-05-11", "2032-05-12"]);
    expect(await dueSoonDates(utc)).toEqual(["2032-05-11"]);
    expect((await runDueSoon(t.api.deps.db, afternoon)).created, "the hourly rerun is a no-op").toBe(0);

    // Moving to Paris (18:00 on the 10th: tomorrow is still the 11th) does not notify the 11th again.
    await as(nyc).account.updateProfile({ timeZone: "Europe/Paris" });
    expect((await runDueSoon(t.api.deps.db, afternoon)).created).toBe(0);
    expect(await dueSoonDates(nyc)).toEqual(["2032-05-10", "2032-05-11"]);
    // The in-app notification names the due date; the key stays per due date.
    const keys = await t.prisma.notification.findMany({
      where: { userId: tokyo, kind: "due_soon" },
      select: { dedupeKey: true },
    });
    expect(keys.map((k) => k.dedupeKey).sort()).toEqual(["due:2032-05-11", "due:2032-05-12"]);
  });

  it("the profile takes a time zone: the runtime's spelling is stored and audited; an unknown one is a 400 that says why", async () => {
    const base = await t.listen();
    const zed = await createUser(t, "zed@notify.test", "Zed Zone");
    const headers = { "x-internal-secret": SECRET, "x-agency-session": await createSession(t, zed) };

    const bad = await trpcMutation(base, "account.updateProfile", { timeZone: "Mars/Olympus_Mons" }, headers);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.issues).toEqual([
      expect.objectContaining({ path: ["timeZone"], message: UNKNOWN_TIME_ZONE_MESSAGE }),
    ]);
    expect(UNKNOWN_TIME_ZONE_MESSAGE).toMatch(/Unknown time zone.*Europe\/Paris/);
    for (const timeZone of ["+05:00", "EST5EDT", "x".repeat(200), ""]) {
      expect((await trpcMutation(base, "account.updateProfile", { timeZone }, headers)).status, timeZone).toBe(400);
    }
    expect((await trpcMutation(base, "account.updateProfile", {}, headers)).status, "nothing to change").toBe(400);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: zed } })).timeZone).toBeNull();

    const ok = await trpcMutation(base, "account.updateProfile", { timeZone: "US/Eastern" }, headers);
    expect(ok.status).toBe(200);
    expect((await as(zed).account.me()).timeZone).toBe("America/New_York");
    const audit = await t.prisma.auditLog.findFirst({ where: { action: "account.updated", actorUserId: zed } });
    expect(audit?.metadata).toEqual({ timeZone: { before: null, after: "America/New_York" } });
    // The name is untouched by a zone-only change; null clears the zone (UTC).
    expect((await as(zed).account.updateProfile({ timeZone: null })).name).toBe("Zed Zone");
    expect((await as(zed).account.me()).timeZone).toBeNull();
  });

  it("My work without a day (the page's server render) groups by the stored zone's today", async () => {
    // UTC+14 and UTC-11: their days always differ (by one or two), and at least one differs from UTC's.
    const east = "Pacific/Kiritimati";
    const west = "Pacific/Pago_Pago";
    const mo = await memberIn("mo@notify.test", east);
    const eastDay = calendarDayIn(east);
    const westDay = calendarDayIn(west);
    expect(eastDay > westDay).toBe(true);
    await newTask(orgA, projectA, ada, { title: "Due east", assigneeId: mo, dueDate: eastDay });
    await newTask(orgA, projectA, ada, { title: "Due west", assigneeId: mo, dueDate: westDay });
    const groups = async () => {
      const work = await as(mo).myWork.get({ orgId: orgA });
      const titles = (group: keyof typeof work.assigned) => work.assigned[group].map((task) => task.title);
      return { today: work.today, overdue: titles("overdue"), due: titles("today"), week: titles("thisWeek") };
    };
    // (A test running across midnight in either zone could see the next day: compared with both.)
    const inEast = await groups();
    expect([eastDay, calendarDayIn(east)]).toContain(inEast.today);
    expect(inEast).toMatchObject({ overdue: ["Due west"], due: ["Due east"] });

    await as(mo).account.updateProfile({ timeZone: west });
    const inWest = await groups();
    expect([westDay, calendarDayIn(west)]).toContain(inWest.today);
    expect(inWest).toMatchObject({ overdue: [], due: ["Due west"], week: ["Due east"] });

    await as(mo).account.updateProfile({ timeZone: null });
    expect([calendarDayIn("UTC")]).toContain((await groups()).today);
    // The browser's day still wins when it is sent.
    expect((await as(mo).myWork.get({ orgId: orgA, today: "2030-01-01" })).today).toBe("2030-01-01");
  });
});

describe("live unread count", () => {
  it("streams the count at once and again when a notification arrives", async () => {
    const stream = await as(cy).notifications.events({ orgId: orgA });
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    const start = (first.value as { unread: number }).unread;
    await newTask(orgA, projectA, ada, { title: "Live", assigneeId: cy });
    const next = await iterator.next();
    expect((next.value as { unread: number }).unread).toBe(start + 1);
    // Ending the stream (the client going away) runs its cleanup.
    await iterator.return?.();
  });
});
