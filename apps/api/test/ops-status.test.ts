import { apiEnvSchema, describeEnvIssues } from "@agency/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./helpers/test-api";

const OPS_TOKEN = "ops-token-for-tests-0123456789abcdef";
// Port 9 on loopback: nothing listens there, so every connection is refused at once.
const UNREACHABLE_DATABASE = "postgres://postgres@127.0.0.1:9/agency";

interface OpsBody {
  status: string;
  time: string;
  api: { version: string; uptimeSeconds: number };
  database: {
    reachable: boolean;
    latencyMs: number | null;
    appliedMigrations: number;
    pendingMigrations: number;
    latestMigration: string | null;
    serverVersion: string | null;
  };
  counts: { organizations: number; users: number } | null;
}

let withoutToken: TestApi;
let withToken: TestApi;
let databaseDown: TestApi;
let plainBase: string;
let opsBase: string;
let downBase: string;

beforeAll(async () => {
  withoutToken = await startTestApi();
  // Same database, second instance: only OPS_TOKEN differs.
  withToken = await startTestApi({ databaseUrl: withoutToken.databaseUrl, env: { OPS_TOKEN } });
  databaseDown = await startTestApi({ databaseUrl: UNREACHABLE_DATABASE, env: { OPS_TOKEN } });
  [plainBase, opsBase, downBase] = await Promise.all([withoutToken.listen(), withToken.listen(), databaseDown.listen()]);
});
afterAll(async () => {
  await Promise.all([withToken.close(), databaseDown.close()]);
  await withoutToken.close();
});

const opsStatus = (base: string, authorization?: string) =>
  fetch(`${base}/ops/status`, { headers: authorization ? { authorization } : {} });

async function expectUnknownRoute(response: Response, label: string) {
  expect(response.status, label).toBe(404);
  const body = (await response.json()) as { error: { code: string; message: string; requestId: string } };
  expect(body.error, label).toEqual({
    code: "NOT_FOUND",
    message: "No route for GET /ops/status",
    requestId: response.headers.get("x-request-id"),
  });
}

describe("GET /ops/status", () => {
  it("does not exist while OPS_TOKEN is unset, whatever the caller sends", async () => {
    await expectUnknownRoute(await opsStatus(plainBase), "no header");
    await expectUnknownRoute(await opsStatus(plainBase, `Bearer ${OPS_TOKEN}`), "some token");
  });

  it("looks exactly like an unknown route without the right bearer token", async () => {
    const attempts = {
      "no header": undefined,
      "wrong token": `Bearer ${OPS_TOKEN.replace(/.$/, "X")}`,
      "a prefix of the token": `Bearer ${OPS_TOKEN.slice(0, 32)}`,
      "the token plus more": `Bearer ${OPS_TOKEN}x`,
      "the token without the scheme": OPS_TOKEN,
      "another scheme": `Basic ${OPS_TOKEN}`,
      "an empty bearer": "Bearer ",
    };
    for (const [label, authorization] of Object.entries(attempts)) {
      await expectUnknownRoute(await opsStatus(opsBase, authorization), label);
    }
  });

  it("gives an operator the API, database and platform figures", async () => {
    const response = await opsStatus(opsBase, `Bearer ${OPS_TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as OpsBody;
    expect(body.status).toBe("ok");
    expect(body.api.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.api.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(body.database).toMatchObject({ reachable: true, pendingMigrations: 0 });
    expect(body.database.appliedMigrations).toBeGreaterThanOrEqual(1);
    expect(body.database.latestMigration).toMatch(/^\d{14}_/);
    expect(body.database.serverVersion).toMatch(/^\d+/);
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
    const prisma = withToken.prisma;
    expect(body.counts).toEqual({ organizations: await prisma.organization.count(), users: await prisma.user.count() });
  });

  it("accepts the scheme in any case (RFC 9110)", async () => {
    expect((await opsStatus(opsBase, `bearer ${OPS_TOKEN}`)).status).toBe(200);
  });

  it("reports a database outage instead of failing", async () => {
    const response = await opsStatus(downBase, `Bearer ${OPS_TOKEN}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as OpsBody;
    expect(body).toMatchObject({ status: "degraded", database: { reachable: false, serverVersion: null }, counts: null });
  });
});

describe("public system.status next to it", () => {
  it("says up or down and nothing about the platform, with or without OPS_TOKEN", async () => {
    for (const base of [plainBase, opsBase]) {
      const response = await fetch(`${base}/trpc/system.status`, { headers: { authorization: `Bearer ${OPS_TOKEN}` } });
      const body = (await response.json()) as { result: { data: Record<string, unknown> } };
      expect(response.status).toBe(200);
      expect(body.result.data).toEqual({ status: "ok", time: expect.any(String) });
    }
  });
});

describe("OPS_TOKEN in the env", () => {
  it("is optional and must be at least 32 characters", () => {
    expect(apiEnvSchema.parse({ DATABASE_URL: "postgres://h/db" }).OPS_TOKEN).toBeUndefined();
    const short = apiEnvSchema.safeParse({ DATABASE_URL: "postgres://h/db", OPS_TOKEN: "too-short" });
    expect(short.success).toBe(false);
    if (!short.success) expect(describeEnvIssues(short.error)).toBe("OPS_TOKEN: must be at least 32 characters");
  });
});
