import { request as httpRequest, type IncomingHttpHeaders } from "node:http";

/**
 * A fresh loopback source address (127.0.0.0/8 is all loopback on Linux; never 127.0.0.1): every
 * test, and every repeat of it, gets buckets of its own.
 */
export function randomLoopbackAddress(): string {
  const [a = 0, b = 0, c = 0] = crypto.getRandomValues(new Uint8Array(3));
  return `127.${(a % 250) + 2}.${b}.${(c % 250) + 2}`;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A minimal HTTP client with a cookie jar that connects to the web server FROM a chosen loopback
 * address (e.g. 127.41.7.9, see randomLoopbackAddress): the socket address the web server sees is then known and
 * differs from the 127.0.0.1 every other spec (and the web server itself) uses, so rate-limit
 * buckets are this spec's own and an address recorded by the API can be traced to its source.
 * Playwright's request fixture cannot pick the local address; node:http can.
 */
export class LoopbackClient {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly baseURL: string,
    readonly localAddress: string,
    readonly userAgent: string,
  ) {}

  get origin(): string {
    return new URL(this.baseURL).origin;
  }

  request(
    method: "GET" | "POST",
    path: string,
    options: { headers?: Record<string, string>; body?: string } = {},
  ): Promise<RawResponse> {
    const url = new URL(path, this.baseURL);
    const headers: Record<string, string> = { "user-agent": this.userAgent, ...options.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    if (options.body !== undefined) headers["content-length"] = String(Buffer.byteLength(options.body));
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method, headers, localAddress: this.localAddress },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            this.remember(res.headers["set-cookie"] ?? []);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") });
          });
          res.on("error", reject);
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: no answer within 30 s`)));
      req.on("error", reject);
      req.end(options.body);
    });
  }

  /** A tRPC call through the web app's proxy (POST = mutation, GET = query); returns status and parsed body. */
  async trpc<T>(
    kind: "query" | "mutation",
    procedure: string,
    input: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; data: T; raw: string }> {
    const response =
      kind === "mutation"
        ? await this.request("POST", `/api/trpc/${procedure}`, {
            headers: { origin: this.origin, "content-type": "application/json", ...headers },
            body: JSON.stringify(input),
          })
        : await this.request("GET", `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`, {
            headers,
          });
    const parsed = JSON.parse(response.body) as { result?: { data: T } };
    return { status: response.status, data: parsed.result?.data as T, raw: response.body };
  }

  private remember(setCookies: string[]) {
    for (const line of setCookies) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export interface CredentialsResult {
  status: number;
  /** next-auth's error for a refused attempt (the API's message), null when signed in. */
  error: string | null;
}

/**
 * Signs in through next-auth's credentials endpoint exactly as the browser's sign-in form does: a
 * CSRF token, then the form post. `headers` go on the post (spoofing tests).
 */
export async function credentialsSignIn(
  client: LoopbackClient,
  fields: { email: string; password: string },
  headers: Record<string, string> = {},
): Promise<CredentialsResult> {
  const csrf = await client.request("GET", "/api/auth/csrf");
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const form = new URLSearchParams({ ...fields, csrfToken, callbackUrl: "/app", json: "true" });
  const response = await client.request("POST", "/api/auth/callback/credentials", {
    headers: { "content-type": "application/x-www-form-urlencoded", origin: client.origin, ...headers },
    body: form.toString(),
  });
  const url = (JSON.parse(response.body) as { url?: string }).url ?? "";
  return { status: response.status, error: url ? new URL(url, client.origin).searchParams.get("error") : null };
}
