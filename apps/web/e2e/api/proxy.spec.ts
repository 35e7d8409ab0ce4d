import { expect, test } from "@playwright/test";
import { PASSWORD, uniqueEmail } from "../support/accounts";
import { credentialsSignIn, LoopbackClient, randomLoopbackAddress } from "../support/raw-http";
import { expectStackSecretKnown, internalMutation } from "../support/stack";

interface StatusBody {
  result: { data: Record<string, unknown> };
}

test.describe("API through the web origin's /api/trpc proxy", () => {
  test("system.status answers JSON: ok, and nothing about the platform's insides", async ({ request }) => {
    const response = await request.get("/api/trpc/system.status");
    expect(response.status(), "status code of /api/trpc/system.status").toBe(200);
    expect(response.headers()["content-type"]).toContain("application/json");
    expect(response.headers()["x-request-id"], "the API's request id must survive the proxy").toBeTruthy();
    const body = (await response.json()) as StatusBody;
    expect(body.result.data, "public status: up or down, and the time").toEqual({ status: "ok", time: expect.any(String) });
  });

  test("the API's operator route is not reachable through the proxy", async ({ request }) => {
    for (const path of ["/api/trpc/..%2F..%2Fops%2Fstatus", "/api/trpc/ops.status", "/api/ops/status", "/ops/status"]) {
      const response = await request.get(path, { headers: { authorization: "Bearer anything-at-all-0123456789abcdef" } });
      expect(response.status(), path).toBe(404);
    }
  });

  test("internal procedures are unreachable through the proxy, signed out or in, whatever headers the browser sends", async ({
    baseURL,
  }) => {
    await expectStackSecretKnown();
    const email = uniqueEmail("proxy-internal");
    const client = new LoopbackClient(baseURL!, randomLoopbackAddress(), "agency-e2e-proxy-internal");
    expect((await internalMutation("auth.signUp", { email, name: "Ivy Internal", password: PASSWORD }, client.localAddress)).status).toBe(200);
    // The real secret, a session id and the proxied flag turned off: the browser's copies are dropped.
    const forged = {
      "x-internal-secret": process.env.E2E_INTERNAL_API_SECRET ?? "",
      "x-agency-proxied": "0",
      "x-agency-session": "00000000-0000-4000-8000-000000000000",
    };
    const calls: [kind: "query" | "mutation", procedure: string, input: unknown][] = [
      ["mutation", "auth.signIn", { email, password: PASSWORD }],
      ["mutation", "auth.signUp", { email: uniqueEmail("proxy-signup"), name: "Never Created", password: PASSWORD }],
      ["mutation", "auth.requestPasswordReset", { email }],
      ["mutation", "auth.verifyEmail", { token: "A".repeat(43) }],
      ["mutation", "auth.resetPassword", { token: "A".repeat(43), password: "a-brand-new-password-1" }],
      ["mutation", "auth.oauthSignIn", { provider: "oidc", providerAccountId: "x", email, emailVerified: true }],
      ["query", "dev.outbox", undefined],
    ];
    const probe = async (phase: string) => {
      for (const [kind, procedure, input] of calls) {
        for (const headers of [{}, forged]) {
          const answer = await client.trpc(kind, procedure, input, headers);
          expect(answer.status, `${phase}: ${procedure} through the proxy (${answer.raw})`).toBe(404);
          // The API's refusal (the procedure exists; the proxy's own 404 says "No such API procedure.").
          expect(answer.raw, `${phase}: ${procedure}`).toContain('"message":"Not found."');
        }
      }
    };
    await probe("signed out");
    expect(await credentialsSignIn(client, { email, password: PASSWORD })).toEqual({ status: 200, error: null });
    const me = await client.trpc<{ email: string }>("query", "account.me", undefined);
    expect(me.data?.email, "signed in through next-auth").toBe(email);
    await probe("signed in");
  });

  test("batched calls go through as one request", async ({ request }) => {
    const response = await request.get(
      `/api/trpc/system.status,system.status?batch=1&input=${encodeURIComponent("{}")}`,
    );
    expect(response.status()).toBe(200);
    const body = (await response.json()) as StatusBody[];
    expect(body).toHaveLength(2);
  });

  test("bad input comes back as the 400 VALIDATION_ERROR envelope with the caller's request id", async ({
    request,
  }) => {
    const response = await request.post("/api/trpc/system.echo", {
      data: { message: "" },
      headers: { "x-request-id": "e2e-validation-0001" },
    });
    expect(response.status()).toBe(400);
    const body = (await response.json()) as { error: { message: string; requestId: string; data: { code: string } } };
    expect(body.error.data.code).toBe("VALIDATION_ERROR");
    expect(body.error.requestId).toBe("e2e-validation-0001");
  });

  test("only tRPC procedure paths are proxied; anything else is a 404 in the same envelope", async ({ request }) => {
    for (const path of ["/api/trpc/system.status/extra", "/api/trpc/..%252Fhealthz"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(404);
      const body = (await response.json()) as { error: { data: { code: string; requestId: string } } };
      expect(body.error.data.code, path).toBe("NOT_FOUND");
      expect(body.error.data.requestId, path).toBeTruthy();
    }
  });

  test("pages carry the security headers", async ({ request }) => {
    const response = await request.get("/");
    const headers = response.headers();
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).toContain("connect-src 'self'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["x-powered-by"]).toBeUndefined();
  });

  test("the SSE heartbeat streams through the proxy, event by event, uncompressed", async ({ page }) => {
    await page.goto("/");
    const streamResponse = page.waitForResponse((response) => response.url().includes("/api/trpc/system.heartbeat"));
    // EventSource in the page: the real browser path (it sends Accept-Encoding), not a buffered HTTP client.
    // Two beats: the second is sent ~5 s after the first, so it only arrives in time if nothing buffers the stream.
    const beats = await page.evaluate(
      () =>
        new Promise<string[]>((resolve, reject) => {
          const ids: string[] = [];
          const source = new EventSource("/api/trpc/system.heartbeat");
          const timer = setTimeout(() => {
            source.close();
            reject(new Error(`only ${ids.length} heartbeat(s) within 15 s`));
          }, 15_000);
          source.onmessage = (event) => {
            ids.push(event.lastEventId);
            if (ids.length === 2) {
              clearTimeout(timer);
              source.close();
              resolve(ids);
            }
          };
        }),
    );
    expect(beats).toEqual(["1", "2"]);
    const headers = (await streamResponse).headers();
    expect(headers["content-type"]).toContain("text/event-stream");
    expect(headers["content-encoding"], "a compressed event stream would be buffered").toBeUndefined();
  });
});
