import { boardEventSchema, boardResyncSchema, type BoardEvent, type BoardResync } from "@agency/validators";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CommitLog } from "../src/realtime/commit-log";
import { LiveQueue } from "../src/realtime/live-queue";
import { MAX_REPLAY } from "../src/routers/board/events";
import { callerFor } from "./helpers/callers";
import {
  addMembers,
  createClient,
  createProject,
  createSession,
  createUser,
  seedOrganization,
} from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";

const SECRET = "board-events-internal-secret-0123456789";
/** Upper bound for one wait; every wait ends as soon as its event arrives. */
const WAIT_MS = 10_000;

interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
}

/** A real SSE connection to `board.events`, read message by message. */
class BoardStream {
  private buffer = "";
  private readonly queued: SseMessage[] = [];
  private ended = false;

  private constructor(
    readonly status: number,
    private readonly reader: ReadableStreamDefaultReader<string> | null,
  ) {}

  static async open(base: string, sessionId: string, input: Record<string, unknown>) {
    const query = encodeURIComponent(JSON.stringify(input));
    const response = await fetch(`${base}/trpc/board.events?input=${query}`, {
      headers: { accept: "text/event-stream", "x-internal-secret": SECRET, "x-agency-session": sessionId },
    });
    const isStream = response.headers.get("content-type")?.includes("text/event-stream") ?? false;
    const reader = isStream ? response.body!.pipeThrough(new TextDecoderStream()).getReader() : null;
    return new BoardStream(response.status, reader);
  }

  /** The next data or error message (pings and the connect message skipped); null once the stream ended. */
  async next(): Promise<SseMessage | null> {
    for (;;) {
      const message = this.queued.shift();
      if (message) {
        if (message.event === "ping" || message.event === "connected") continue;
        return message;
      }
      if (this.ended || !this.reader) return null;
      const read = this.reader.read();
      const timeout = new Promise<never>((_, reject) => {
        const timer = setTimeout(() => reject(new Error(`no SSE message within ${WAIT_MS} ms`)), WAIT_MS);
        void read.finally(() => clearTimeout(timer));
      });
      const { value, done } = await Promise.race([read, timeout]);
      if (done) {
        this.ended = true;
        continue;
      }
      this.buffer += value;
      let boundary: number;
      while ((boundary = this.buffer.indexOf("\n\n")) >= 0) {
        const block = this.buffer.slice(0, boundary);
        this.buffer = this.buffer.slice(boundary + 2);
        const parsed: SseMessage = {};
        for (const line of block.split("\n")) {
          const [field, ...rest] = line.split(":");
          if (field === "id" || field === "data" || field === "event") parsed[field] = rest.join(":").trimStart();
        }
        if (parsed.data !== undefined || parsed.event) this.queued.push(parsed);
      }
    }
  }

  /** The next board event; fails on an error message or the end of the stream. */
  async nextEvent(): Promise<BoardEvent> {
    const message = await this.next();
    if (!message || message.event) throw new Error(`expected a board event, got ${JSON.stringify(message)}`);
    const event = boardEventSchema.parse(JSON.parse(message.data!));
    expect(message.id).toBe(event.id);
    return event;
  }

  async nextResync(): Promise<BoardResync> {
    const message = await this.next();
    if (!message || message.event) throw new Error(`expected a resync, got ${JSON.stringify(message)}`);
    return boardResyncSchema.parse(JSON.parse(message.data!));
  }

  /** Waits for the stream's error message and its end; returns the error's domain code and HTTP status. */
  async nextErrorThenEnd(): Promise<{ code: string; httpStatus: number }> {
    const message = await this.next();
    if (message?.event !== "serialized-error") throw new Error(`expected an error, got ${JSON.stringify(message)}`);
    const { code, httpStatus } = (JSON.parse(message.data!) as { data: { code: string; httpStatus: number } }).data;
    let after: SseMessage | null;
    while ((after = await this.next()) && after.event === "return");
    expect(after).toBeNull();
    return { code, httpStatus };
  }

  async close() {
    await this.reader?.cancel().catch(() => undefined);
  }
}

let a: TestApi;
let baseA: string;
let orgA: string;
let orgB: string;
let projectA1: string;
let projectA2: string;
let projectB: string;
const PEOPLE = ["alice", "bob", "carol", "dave"] as const;
/** alice: viewer of A, bob and dave: members of A, carol: owner of B. */
const users = {} as Record<(typeof PEOPLE)[number], string>;
const sessions = {} as Record<(typeof PEOPLE)[number], string>;

const startApi = (databaseUrl?: string) =>
  startTestApi({ env: { INTERNAL_API_SECRET: SECRET }, ...(databaseUrl ? { databaseUrl } : {}) });

/** Another member's write, through `api`'s real procedures (the trigger feeds the board). */
const as = (api: TestApi, userId: string) => callerFor(api, userId, { requestId: "board-events-write" });
const createTask = (api: TestApi, userId: string, orgId: string, projectId: string, title: string) =>
  as(api, userId).tasks.create({ orgId, projectId, title });

beforeAll(async () => {
  a = await startApi();
  baseA = await a.listen();
  for (const name of PEOPLE) {
    users[name] = await createUser(a, `${name}@board.test`, name);
    sessions[name] = await createSession(a, users[name]);
  }
  orgA = await seedOrganization(
    a,
    "Board A",
    [
      { userId: users.alice, role: "viewer" },
      { userId: users.bob, role: "member" },
      { userId: users.dave, role: "member" },
    ],
    "board-a",
  );
  orgB = await seedOrganization(a, "Board B", [{ userId: users.carol, role: "owner" }], "board-b");
  const clientA = await createClient(a, orgA, "Client A");
  const clientB = await createClient(a, orgB, "Client B");
  projectA1 = await createProject(a, orgA, "A1", clientA);
  projectA2 = await createProject(a, orgA, "A2", clientA);
  projectB = await createProject(a, orgB, "B", clientB);
});
afterAll(() => a.close());

describe("board.events over SSE", () => {
  it("delivers task.created, task.moved and comment.created with the task to a member watching the project", async () => {
    const stream = await BoardStream.open(baseA, sessions.alice, { orgId: orgA, projectId: projectA1 });
    expect(stream.status).toBe(200);
    try {
      const task = await createTask(a, users.bob, orgA, projectA1, "Write the brief");
      const created = await stream.nextEvent();
      expect(created).toMatchObject({ kind: "task.created", taskId: task.id, version: 1, actorUserId: users.bob });
      expect(created.task).toMatchObject({
        id: task.id,
        title: "Write the brief",
        projectId: projectA1,
        status: "todo",
      });

      await as(a, users.bob).tasks.move({
        orgId: orgA,
        taskId: task.id,
        expectedVersion: 1,
        status: "in_progress",
        afterTaskId: null,
      });
      const moved = await stream.nextEvent();
      expect(moved).toMatchObject({ kind: "task.moved", taskId: task.id, version: 2 });
      expect(moved.task).toMatchObject({ status: "in_progress", version: 2 });
      expect(BigInt(moved.id)).toBeGreaterThan(BigInt(created.id));

      await as(a, users.bob).comments.create({ orgId: orgA, taskId: task.id, body: "On it" });
      const commented = await stream.nextEvent();
      expect(commented).toMatchObject({ kind: "comment.created", taskId: task.id, actorUserId: users.bob });
      expect(commented.task).toMatchObject({ commentCount: 1 });
    } finally {
      await stream.close();
    }
  });

  it("never delivers events of another project or another organization", async () => {
    const stream = await BoardStream.open(baseA, sessions.alice, { orgId: orgA, projectId: projectA1 });
    try {
      await createTask(a, users.bob, orgA, projectA2, "Other project");
      await createTask(a, users.carol, orgB, projectB, "Other organization");
      // Notifications are delivered in commit order: once this one arrives, the two above have passed by.
      const sentinel = await createTask(a, users.bob, orgA, projectA1, "Sentinel");
      const first = await stream.nextEvent();
      expect(first).toMatchObject({ taskId: sentinel.id, task: { title: "Sentinel" } });
    } finally {
      await stream.close();
    }
  });

  // Over SSE, tRPC reports a refused subscription inside the stream (its link then stops instead of
  // reconnecting): the only message is the error, with the same code and status as any other call.
  it("refuses a non-member at subscribe with NOT_FOUND (404), like a missing organization or project", async () => {
    const outsider = await BoardStream.open(baseA, sessions.carol, { orgId: orgA, projectId: projectA1 });
    expect(await outsider.nextErrorThenEnd()).toEqual({ code: "NOT_FOUND", httpStatus: 404 });

    const otherOrgsProject = await BoardStream.open(baseA, sessions.alice, { orgId: orgA, projectId: projectB });
    expect(await otherOrgsProject.nextErrorThenEnd()).toEqual({ code: "NOT_FOUND", httpStatus: 404 });

    const signedOut = await BoardStream.open(baseA, crypto.randomUUID(), { orgId: orgA, projectId: projectA1 });
    expect(await signedOut.nextErrorThenEnd()).toEqual({ code: "UNAUTHORIZED", httpStatus: 401 });
  });

  it("ends a removed member's stream with an error instead of sending the next event", async () => {
    const stream = await BoardStream.open(baseA, sessions.dave, { orgId: orgA, projectId: projectA1 });
    try {
      const before = await createTask(a, users.bob, orgA, projectA1, "Seen while a member");
      expect((await stream.nextEvent()).taskId).toBe(before.id);

      await a.prisma.membership.delete({ where: { orgId_userId: { orgId: orgA, userId: users.dave } } });
      await createTask(a, users.bob, orgA, projectA1, "Not for former members");
      expect(await stream.nextErrorThenEnd()).toEqual({ code: "NOT_FOUND", httpStatus: 404 });
    } finally {
      await stream.close();
      await addMembers(a, orgA, [{ userId: users.dave, role: "member" }]);
    }
  });

  it("ends the stream when its session is revoked", async () => {
    const sessionId = await createSession(a, users.alice);
    const stream = await BoardStream.open(baseA, sessionId, { orgId: orgA, projectId: projectA1 });
    try {
      await createTask(a, users.bob, orgA, projectA1, "Before sign-out");
      await stream.nextEvent();
      await a.prisma.session.update({ where: { id: sessionId }, data: { revokedAt: new Date() } });
      await createTask(a, users.bob, orgA, projectA1, "After sign-out");
      expect(await stream.nextErrorThenEnd()).toEqual({ code: "UNAUTHORIZED", httpStatus: 401 });
    } finally {
      await stream.close();
    }
  });

  it("replays exactly the missed events in order after a reconnect with lastEventId, then continues live", async () => {
    const first = await BoardStream.open(baseA, sessions.alice, { orgId: orgA, projectId: projectA2 });
    const seen = await createTask(a, users.bob, orgA, projectA2, "Seen");
    const lastSeen = await first.nextEvent();
    expect(lastSeen.taskId).toBe(seen.id);
    await first.close();

    const missedTask = await createTask(a, users.bob, orgA, projectA2, "Missed");
    await as(a, users.bob).tasks.move({
      orgId: orgA,
      taskId: missedTask.id,
      expectedVersion: 1,
      status: "done",
      afterTaskId: null,
    });
    await as(a, users.bob).comments.create({ orgId: orgA, taskId: seen.id, body: "Missed comment" });
    await createTask(a, users.carol, orgB, projectB, "Elsewhere");
    const expected = await a.prisma.boardEvent.findMany({
      where: { projectId: projectA2, id: { gt: BigInt(lastSeen.id) } },
      orderBy: { id: "asc" },
    });
    expect(expected.map((e) => e.kind)).toEqual(["task.created", "task.moved", "comment.created"]);

    const resumed = await BoardStream.open(baseA, sessions.alice, {
      orgId: orgA,
      projectId: projectA2,
      lastEventId: lastSeen.id,
    });
    try {
      const replayed = [await resumed.nextEvent(), await resumed.nextEvent(), await resumed.nextEvent()];
      expect(replayed.map((e) => e.id)).toEqual(expected.map((e) => e.id.toString()));
      expect(replayed[0]!.task).toMatchObject({ title: "Missed", status: "done", version: 2 });
      const live = await createTask(a, users.bob, orgA, projectA2, "Live again");
      expect(await resumed.nextEvent()).toMatchObject({ taskId: live.id, kind: "task.created" });
    } finally {
      await resumed.close();
    }
  });

  it("board.head read with the columns lets a stream opened later replay what changed in between (no reload needed)", async () => {
    // The page reads the head, then the columns; a colleague moves a card before the page's stream opens.
    const { lastEventId } = await as(a, users.alice).board.head({ orgId: orgA, projectId: projectA2 });
    const latest = await a.prisma.boardEvent.findFirst({ where: { projectId: projectA2 }, orderBy: { id: "desc" } });
    expect(lastEventId).toBe((latest?.id ?? 0n).toString());
    const between = await createTask(a, users.bob, orgA, projectA2, "Made before the stream opened");
    const stream = await BoardStream.open(baseA, sessions.alice, { orgId: orgA, projectId: projectA2, lastEventId });
    try {
      expect(await stream.nextEvent()).toMatchObject({ taskId: between.id, kind: "task.created" });
    } finally {
      await stream.close();
    }
    // Like the stream itself: another organization's project is not found.
    await expect(as(a, users.carol).board.head({ orgId: orgB, projectId: projectA2 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("replays from the table on an instance that was not listening yet, and asks for a resync when too much was missed", async () => {
    const fresh = await startApi(a.databaseUrl);
    const base = await fresh.listen();
    try {
      const { id: before } = await a.prisma.boardEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
      const task = await createTask(a, users.bob, orgA, projectA2, "Replayed by id");
      const resumed = await BoardStream.open(base, sessions.alice, {
        orgId: orgA,
        projectId: projectA2,
        lastEventId: before.toString(),
      });
      expect(await resumed.nextEvent()).toMatchObject({ taskId: task.id, kind: "task.created" });
      await resumed.close();

      const flood = Array.from({ length: MAX_REPLAY + 1 }, (_, i) => ({
        orgId: orgA,
        projectId: projectA2,
        title: `Flood ${i}`,
        position: 100_000 + i,
      }));
      // One statement, 501 trigger rows: quicker than 501 calls (and than the write rate limit).
      await a.api.deps.db.tenant({ userId: users.bob!, orgId: orgA }, ({ tx }) => tx.task.createMany({ data: flood }));
      const latest = await a.prisma.boardEvent.findFirstOrThrow({
        where: { projectId: projectA2 },
        orderBy: { id: "desc" },
      });
      const behind = await BoardStream.open(base, sessions.alice, {
        orgId: orgA,
        projectId: projectA2,
        lastEventId: before.toString(),
      });
      try {
        expect(await behind.nextResync()).toMatchObject({
          kind: "resync",
          reason: "too_many_missed",
          id: latest.id.toString(),
        });
        const live = await createTask(a, users.bob, orgA, projectA2, "After the resync");
        expect(await behind.nextEvent()).toMatchObject({ taskId: live.id });
      } finally {
        await behind.close();
      }
    } finally {
      await fresh.close();
    }
  });

  it("asks for a resync when the events after lastEventId were already purged", async () => {
    const task = await createTask(a, users.bob, orgA, projectA2, "Purged history");
    const event = await a.prisma.boardEvent.findFirstOrThrow({ where: { taskId: task.id } });
    await createTask(a, users.bob, orgA, projectA2, "After the purged one");
    // What the daily purge does to events older than a day (as the owner role; app_user cannot delete).
    await a.prisma.boardEvent.delete({ where: { id: event.id } });
    const stream = await BoardStream.open(baseA, sessions.alice, {
      orgId: orgA,
      projectId: projectA2,
      lastEventId: event.id.toString(),
    });
    try {
      expect(await stream.nextResync()).toMatchObject({ reason: "history_expired" });
    } finally {
      await stream.close();
    }
  });

  it("carries a write through instance A to a subscriber on instance B (same database)", async () => {
    const b = await startApi(a.databaseUrl);
    const baseB = await b.listen();
    try {
      const stream = await BoardStream.open(baseB, sessions.alice, { orgId: orgA, projectId: projectA1 });
      try {
        const task = await createTask(a, users.bob, orgA, projectA1, "Across instances");
        expect(await stream.nextEvent()).toMatchObject({ taskId: task.id, task: { title: "Across instances" } });
      } finally {
        await stream.close();
      }
    } finally {
      await b.close();
    }
  });

  it("catches up after the LISTEN connection drops and reconnects", async () => {
    const stream = await BoardStream.open(baseA, sessions.alice, { orgId: orgA, projectId: projectA1 });
    try {
      const warmup = await createTask(a, users.bob, orgA, projectA1, "Before the drop");
      expect((await stream.nextEvent()).taskId).toBe(warmup.id);
      const pid = a.api.deps.boardEvents.listenerPid;
      expect(pid).not.toBeNull();
      await a.prisma.$queryRaw`SELECT pg_terminate_backend(${pid}::int)`;
      // Committed while the listener may be away: delivered live after the reconnect or by the catch-up.
      const during = await createTask(a, users.bob, orgA, projectA1, "During the drop");
      expect(await stream.nextEvent()).toMatchObject({ taskId: during.id });
      const after = await createTask(a, users.bob, orgA, projectA1, "After the drop");
      expect(await stream.nextEvent()).toMatchObject({ taskId: after.id });
      expect(a.api.deps.boardEvents.listenerPid).not.toBe(pid);
      expect(a.logs().some((line) => line.msg === "realtime listener lost")).toBe(true);
    } finally {
      await stream.close();
    }
  });

  it("lets go of a subscriber as soon as its client disconnects", async () => {
    const hub = a.api.deps.boardEvents;
    await vi.waitFor(() => expect(hub.subscriberCount).toBe(0), { timeout: WAIT_MS });
    const stream = await BoardStream.open(baseA, sessions.alice, { orgId: orgA, projectId: projectA1 });
    const task = await createTask(a, users.bob, orgA, projectA1, "Last one");
    expect((await stream.nextEvent()).taskId).toBe(task.id);
    expect(hub.subscriberCount).toBe(1);
    await stream.close();
    await vi.waitFor(() => expect(hub.subscriberCount).toBe(0), { timeout: WAIT_MS });
  });

  it("closes the API while a stream whose client left is still starting a transaction, naming the step it waits for", async () => {
    // One connection, so the stream's next transaction can be made to wait for it.
    const b = await startTestApi({
      env: { INTERNAL_API_SECRET: SECRET, DATABASE_POOL_MAX: "1" },
      databaseUrl: a.databaseUrl,
      slowShutdownStepMs: 50,
    });
    const baseB = await b.listen();
    const db = b.api.deps.db;
    const stream = await BoardStream.open(baseB, sessions.alice, { orgId: orgA, projectId: projectA1 });
    const before = await createTask(a, users.bob, orgA, projectA1, "Before close");
    expect((await stream.nextEvent()).taskId).toBe(before.id);
    await vi.waitFor(() => expect(db.poolStats().transactions).toBe(0), { timeout: WAIT_MS });

    // Something else holds the only connection; the next event's transaction waits for it.
    let release!: () => void;
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const other = db.maintenance(async () => {
      holding();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await held;
    await createTask(a, users.bob, orgA, projectA1, "During close");
    await vi.waitFor(() => expect(db.poolStats()).toMatchObject({ waiting: 1, transactions: 2 }), { timeout: WAIT_MS });
    // The client goes away (as the fuzz suite's stream reader does), so the HTTP server does not wait for it.
    await stream.close();
    await vi.waitFor(
      async () => expect(await new Promise((resolve) => b.api.app.server.getConnections((_, n) => resolve(n)))).toBe(0),
      { timeout: WAIT_MS },
    );

    // The held connection comes free only once the pools are being closed (Prisma's $disconnect
    // cancelled the transaction still waiting for it: its start then completed on a client no one
    // released, and pool.end() waited forever), and after close() said what it is waiting for.
    const stillPending = () => b.logs().find((line) => line.msg === "shutdown step still pending");
    const disconnect = db.disconnect;
    vi.spyOn(db, "disconnect").mockImplementation(() => {
      const disconnecting = disconnect();
      void vi.waitFor(() => expect(stillPending()).toBeDefined(), { timeout: WAIT_MS }).finally(release);
      return disconnecting;
    });
    const closed = b.close().then(() => "closed");
    // A failure bound, not synchronization: a close that never resolves is the defect.
    const bound = new Promise<string>((resolve) => setTimeout(() => resolve("still pending"), WAIT_MS).unref());
    expect(await Promise.race([closed, bound])).toBe("closed");
    await other;
    expect(db.poolStats()).toEqual({ total: 0, idle: 0, waiting: 0, transactions: 0 });
    expect(stillPending()).toMatchObject({ level: "warn", step: "database", database: { transactions: 2 } });
  });

  it("logs stream lifecycles with ids only", async () => {
    const opened = a.logs().filter((line) => line.msg === "board stream opened");
    expect(opened.length).toBeGreaterThan(0);
    expect(opened[0]).toMatchObject({ orgId: orgA, userId: expect.any(String), projectId: expect.any(String) });
    expect(a.rawLogs()).not.toContain("Write the brief");
    // The shared connection belongs to the process, not to the request that happened to open it.
    const listening = a.logs().filter((line) => line.msg === "realtime listener listening");
    expect(listening.length).toBeGreaterThan(0);
    for (const line of listening) expect(line).not.toHaveProperty("requestId");
  });
});

describe("realtime buffers", () => {
  const notification = (id: number) => ({
    id: String(id),
    orgId: crypto.randomUUID(),
    projectId: crypto.randomUUID(),
    taskId: crypto.randomUUID(),
    kind: "task.created" as const,
    version: 1,
  });

  it("a slow subscriber's queue stays bounded and asks for a resync instead of growing", () => {
    const queue = new LiveQueue(3);
    for (let id = 1; id <= 10; id += 1) queue.push(notification(id));
    expect(queue.drain()).toEqual({ notifications: [], signal: "overflow" });
    queue.push(notification(11));
    expect(queue.drain().notifications.map((n) => n.id)).toEqual(["11"]);
  });

  it("the commit log answers in arrival order after a known id, and forgets on clear", () => {
    const log = new CommitLog(10);
    for (const id of [5, 7, 6, 8, 9]) log.append(notification(id));
    expect(log.after("7", () => true)?.map((n) => n.id)).toEqual(["6", "8", "9"]);
    expect(log.after("1", () => true)).toBeNull();
    const small = new CommitLog(4);
    for (const id of [1, 2, 3, 4, 5]) small.append(notification(id));
    expect(small.after("1", () => true)).toBeNull();
    expect(small.after("4", () => true)?.map((n) => n.id)).toEqual(["5"]);
    log.clear();
    expect(log.after("9", () => true)).toBeNull();
  });
});
