import { expect } from "@playwright/test";

/**
 * The E2E stack's API as the web server sees it: playwright.config.ts chooses the stack's
 * INTERNAL_API_SECRET and API URL and hands them to every worker. Specs use this only to act as
 * clients the browser cannot be (many client addresses at once) — never to skip the UI they test.
 */
const secret = process.env.E2E_INTERNAL_API_SECRET ?? "";
const apiUrl = process.env.E2E_API_URL ?? "http://127.0.0.1:4100";

export interface InternalCallResult<T> {
  status: number;
  data: T | undefined;
  error: { message: string; data?: { code?: string; details?: Record<string, unknown> } } | undefined;
}

/**
 * A tRPC mutation as the web server's own call (the internal secret) on behalf of a browser at
 * `clientIp` — the API believes x-agency-client-ip only with the secret.
 */
export async function internalMutation<T>(procedure: string, input: unknown, clientIp: string): Promise<InternalCallResult<T>> {
  const response = await fetch(`${apiUrl}/trpc/${procedure}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-internal-secret": secret,
      "x-agency-client-ip": clientIp,
      "user-agent": "agency-e2e-attacker",
    },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { result?: { data: T }; error?: InternalCallResult<T>["error"] };
  return { status: response.status, data: body.result?.data, error: body.error };
}

/** Fails with an explanation when the running stack was not started with this run's secret. */
export async function expectStackSecretKnown() {
  const probe = await fetch(`${apiUrl}/trpc/dev.outbox`, { headers: { "x-internal-secret": secret } });
  expect(
    probe.status,
    "the API refused this run's internal secret: the E2E stack was started elsewhere (reuseExistingServer). " +
      "Stop it, or run with CI=true, or pass its secret as E2E_INTERNAL_API_SECRET.",
  ).toBe(200);
}

/**
 * A source of distinct client addresses in 198.18.0.0/15 (reserved for benchmarking, never a real
 * client), starting at a random block so repeated runs against one stack do not share buckets.
 */
export function clientAddresses(): () => string {
  let n = 0;
  const block = crypto.getRandomValues(new Uint16Array(1))[0]! % 500;
  return () => {
    const i = n++;
    return `198.${18 + (block >= 250 ? 1 : 0)}.${block % 250}.${(i % 250) + 1}`;
  };
}

/**
 * A tRPC query straight to the API as a machine client with an API key (`Authorization: Bearer`),
 * the way an integration calls it — not through the web server.
 */
export async function apiKeyQuery<T>(token: string, procedure: string, input: unknown): Promise<InternalCallResult<T>> {
  const response = await fetch(`${apiUrl}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { result?: { data: T }; error?: InternalCallResult<T>["error"] };
  return { status: response.status, data: body.result?.data, error: body.error };
}
