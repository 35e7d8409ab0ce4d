import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src/routers/app-router";
import { createContext } from "../src/trpc/context";
import { authedProcedure, createCallerFactory, router } from "../src/trpc/trpc";
import { startTestApi, type TestApi } from "./helpers/test-api";

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

const contextFor = (actor: { userId: string } | null = null) =>
  createContext({ deps: t.api.deps, headers: new Headers(), requestId: "caller-test-0001", ip: "127.0.0.1", actor });

describe("system router through createCaller", () => {
  it("status says ok for a reachable, fully migrated database, and nothing about the platform", async () => {
    const caller = createCallerFactory(appRouter)(contextFor());
    const status = await caller.system.status();
    expect(Object.keys(status).sort()).toEqual(["status", "time"]);
    expect(status.status).toBe("ok");
  });

  it("echo returns the message with the request id", async () => {
    const caller = createCallerFactory(appRouter)(contextFor());
    await expect(caller.system.echo({ message: "  hello  " })).resolves.toMatchObject({
      message: "hello",
      requestId: "caller-test-0001",
    });
  });

  it("echo rejects invalid input as BAD_REQUEST caused by a validation error", async () => {
    const caller = createCallerFactory(appRouter)(contextFor());
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
