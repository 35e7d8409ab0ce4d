import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authedProcedure, createCallerFactory, router } from "../src/trpc/trpc";
import { callerFor, contextFor as contextOf } from "./helpers/callers";
import { startTestApi, type TestApi } from "./helpers/test-api";

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

const REQUEST = { requestId: "caller-test-0001" };
const contextFor = (actor: { userId: string } | null = null) => contextOf(t, actor?.userId ?? null, REQUEST);

describe("system router through createCaller", () => {
  it("status reports a reachable, fully migrated database with the seeded counts", async () => {
    const caller = callerFor(t, null, REQUEST);
    const status = await caller.system.status();
    expect(status.status).toBe("ok");
    expect(status.database).toMatchObject({ reachable: true, pendingMigrations: 0 });
    expect(status.database.appliedMigrations).toBeGreaterThanOrEqual(1);
    expect(status.database.serverVersion).toMatch(/^\d+/);
    expect(status.counts.organizations).toBe(await t.prisma.organization.count());
  });

  it("echo returns the message with the request id", async () => {
    const caller = callerFor(t, null, REQUEST);
    await expect(caller.system.echo({ message: "  hello  " })).resolves.toMatchObject({
      message: "hello",
      requestId: "caller-test-0001",
    });
  });

  it("echo rejects invalid input as BAD_REQUEST caused by a validation error", async () => {
    const caller = callerFor(t, null, REQUEST);
    const error = await caller.system.echo({ message: "x".repeat(281) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).cause?.name).toMatch(/ZodError/);
  });
});

describe("authedProcedure", () => {
  const testRouter = router({ whoami: authedProcedure.query(({ ctx }) => ctx.scope.actor.userId) });
  const callerFor = createCallerFactory(testRouter);

  it("rejects a caller without an identity as UNAUTHORIZED", async () => {
    await expect(callerFor(contextFor(null)).whoami()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("passes the resolved actor through", async () => {
    const userId = crypto.randomUUID();
    await expect(callerFor(contextFor({ userId })).whoami()).resolves.toBe(userId);
  });
});
