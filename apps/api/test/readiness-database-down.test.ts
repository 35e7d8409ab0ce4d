import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./helpers/test-api";

// Port 9 on loopback: nothing listens there, so every connection is refused at once.
const UNREACHABLE_DATABASE = "postgres://postgres@127.0.0.1:9/agency";

let t: TestApi;
let base: string;
beforeAll(async () => {
  t = await startTestApi({ databaseUrl: UNREACHABLE_DATABASE });
  base = await t.listen();
});
afterAll(() => t.close());

describe("when the database is unreachable", () => {
  it("/readyz answers 503 SERVICE_UNAVAILABLE in the envelope", async () => {
    const response = await fetch(`${base}/readyz`);
    const body = (await response.json()) as { error: { code: string; message: string; requestId: string } };
    expect(response.status).toBe(503);
    expect(body.error).toMatchObject({ code: "SERVICE_UNAVAILABLE", message: "Database is unreachable" });
    expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
  });

  it("/healthz still answers 200: the process is alive", async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it("system.status reports degraded instead of failing", async () => {
    const response = await fetch(`${base}/trpc/system.status`);
    const body = (await response.json()) as { result: { data: { status: string } } };
    expect(response.status).toBe(200);
    expect(body.result.data).toEqual({ status: "degraded", time: expect.any(String) });
  });
});
