import { expect, test } from "@playwright/test";
import { PASSWORD } from "../support/accounts";
import { credentialsSignIn, LoopbackClient, randomLoopbackAddress } from "../support/raw-http";
import { internalMutation } from "../support/stack";

/**
 * The client address is the socket's, whatever the browser claims: these requests connect to the
 * real web server from a random 127.x.y.z address and send forged forwarding headers; the API must
 * record (audit trail) and rate-limit the socket address. The web server trusts no proxy in the
 * E2E stack (TRUST_PROXY unset → false), the API trusts its loopback peer (the web server).
 */

/**
 * What a browser (or a script) can claim about itself; a new value per request would dodge per-IP
 * limits. X-Forwarded-For alternates between one address (what a naive reader takes as is) and a
 * list (whose first entry a naive reader takes).
 */
function forgedHeaders(n: number): Record<string, string> {
  const forged = `203.0.113.${n % 250}`;
  return {
    "x-forwarded-for": n % 2 === 0 ? forged : `${forged}, 198.51.100.${n % 250}`,
    forwarded: `for=203.0.113.${n % 250};proto=https`,
    "x-real-ip": `203.0.113.${n % 250}`,
    "x-forwarded-host": "evil.example",
    // Server-only headers: the proxy must drop them, the API must never see a browser's copy.
    "x-agency-client-ip": `192.0.2.${n % 250}`,
    "x-internal-secret": "guessed-secret-guessed-secret-guessed-secret",
  };
}

interface AuditEntry {
  action: string;
  ip: string | null;
  userAgent: string | null;
}

test.describe("client address through the web server", () => {
  test("the API records the socket address and the browser's user agent, not forged forwarding headers", async ({
    baseURL,
  }) => {
    const client = new LoopbackClient(baseURL!, randomLoopbackAddress(), `agency-e2e-address-check/${crypto.randomUUID()}`);
    const email = `address-${crypto.randomUUID().slice(0, 8)}@e2e.test`;

    // The account (sign-up is a server action, which a raw client cannot call; its address handling is serverApi()'s, as here).
    const signedUp = await internalMutation("auth.signUp", { email, password: PASSWORD, name: "Ada Address" }, client.localAddress);
    expect(signedUp.status, "sign-up").toBe(200);
    const signedIn = await credentialsSignIn(client, { email, password: PASSWORD }, forgedHeaders(1));
    expect(signedIn, "sign-in through next-auth with forged headers").toEqual({ status: 200, error: null });

    // The session next-auth opened carries the browser's user agent.
    const sessions = await client.trpc<{ userAgent: string | null; current: boolean }[]>(
      "query",
      "account.sessions",
      undefined,
      forgedHeaders(2),
    );
    expect(sessions.status, sessions.raw).toBe(200);
    expect(sessions.data.find((s) => s.current)?.userAgent).toBe(client.userAgent);

    // Audited writes through the proxy, each with a different forged address.
    const org = await client.trpc<{ id: string }>("mutation", "organizations.create", { name: "Address Check Ltd" }, forgedHeaders(3));
    expect(org.status, org.raw).toBe(200);
    const created = await client.trpc("mutation", "clients.create", { orgId: org.data.id, name: "Spoofy" }, forgedHeaders(4));
    expect(created.status, created.raw).toBe(200);

    const audit = await client.trpc<{ items: AuditEntry[] }>("query", "audit.list", { orgId: org.data.id }, forgedHeaders(5));
    expect(audit.status, audit.raw).toBe(200);
    expect(audit.data.items.length, "audited actions").toBeGreaterThanOrEqual(2);
    for (const entry of audit.data.items) {
      expect(entry.ip, `${entry.action}: recorded address`).toBe(client.localAddress);
      expect(entry.userAgent, `${entry.action}: recorded user agent`).toBe(client.userAgent);
    }
  });

  test("the per-IP sign-in limit holds however the forged X-Forwarded-For rotates", async ({ baseURL }) => {
    test.setTimeout(180_000);
    // 10 sign-ins per minute per IP, ×10 in the E2E stack (RATE_LIMIT_SCALE=10). Unknown emails, a new
    // one per attempt, so only the per-IP bucket can refuse (the per-account one never fills).
    const limit = 100;
    const client = new LoopbackClient(baseURL!, randomLoopbackAddress(), "agency-e2e-rate-limit-check");
    const attempt = (n: number) =>
      credentialsSignIn(
        client,
        { email: `nobody-${n}-${crypto.randomUUID().slice(0, 8)}@e2e.test`, password: PASSWORD },
        forgedHeaders(n),
      );

    // A few at a time (the whole run must stay inside the limit's one-minute window).
    const errors: (string | null)[] = [];
    for (let n = 0; n < limit + 10; n += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, (_, i) => attempt(n + i)));
      errors.push(...batch.map((result) => result.error));
    }
    const limited = errors.map((error) => /too many requests/i.test(error ?? ""));
    const refusedWrongly = errors.filter((error) => error !== null && !/too many requests|email or password is incorrect/i.test(error));
    expect(refusedWrongly, "every attempt is a wrong password or a rate-limit refusal").toEqual([]);
    expect(limited.filter(Boolean).length, `attempts refused as rate-limited out of ${errors.length}`).toBe(
      errors.length - limit,
    );
    expect(limited.slice(0, limit).some(Boolean), "refused before the budget was spent").toBe(false);
  });
});
