import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A local fake of the Stripe API endpoints Agency OS calls, for the real `stripe` SDK pointed at it
 * (host/port/protocol): our machines cannot reach Stripe. It speaks Stripe's wire format —
 * form-encoded bodies with bracket keys (`items[0][price]`, `metadata[agency_invoice_id]`,
 * `expand[]`), `Authorization: Bearer <key>`, JSON answers and Stripe's error shape — and records
 * every request with its `Idempotency-Key`. A POST repeating a key is answered with the first
 * answer, byte for byte (`Idempotent-Replayed: true`), like Stripe; the same key with another body
 * is a 400 `idempotency_error`. Faults can be injected: the next N requests answer 500 or never
 * answer (the SDK's timeout fires).
 */
export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  body: Record<string, unknown>;
  apiKey: string | null;
  status: number;
  replayed: boolean;
}

type StripeObject = Record<string, unknown> & { id: string; object: string };
type Fault = { kind: "500" } | { kind: "hang" };
type Answer = { status: number; body: unknown };

/** `a[b][0][c]=1&expand[]=x` → `{ a: { b: [{ c: "1" }] }, expand: ["x"] }` (Stripe's encoding, as `qs` writes it). */
export function parseStripeForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    if (!match) throw new Error(`malformed form key: ${rawKey}`);
    const path = [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)];
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < path.length; i += 1) {
      const segment = path[i]!;
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d*$/.test(path[i + 1]!);
      const container = node as Record<string, unknown> & unknown[];
      const key = segment === "" ? String((container as unknown[]).length) : segment;
      if (last) {
        container[key as never] = value as never;
      } else {
        container[key as never] ??= (nextIsIndex ? [] : {}) as never;
        node = container[key as never] as Record<string, unknown> | unknown[];
      }
    }
  }
  return root;
}

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;
const now = () => Math.floor(Date.now() / 1000);

export interface FakeStripe {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Registers a restricted key of an account (unknown keys get 401). */
  addAccount(apiKey: string, account?: { id?: string; name?: string; livemode?: boolean }): string;
  /** The next `count` requests fail this way (then the fake answers normally again). */
  failNext(count: number, kind: Fault["kind"]): void;
  /** An object as Stripe holds it now (what a re-read returns). */
  get(id: string): StripeObject | undefined;
  /** Creates or changes an object (tests move an invoice to paid, a subscription to past_due…). */
  put(object: StripeObject): StripeObject;
  patch(id: string, changes: Record<string, unknown>): StripeObject;
  /** Requests carrying an idempotency key, in order. */
  idempotencyKeys(): string[];
  close(): Promise<void>;
}

/**
 * `port`: 0 (any free one) in tests. The e2e stack gives a fixed one so the Playwright process,
 * which cannot call `put()`/`patch()`, can change objects through the control route instead:
 * `POST /_fake/objects/<id>` with a JSON body of fields (merged; a new id creates the object).
 */
export async function startFakeStripe(options: { port?: number } = {}): Promise<FakeStripe> {
  const accounts = new Map<string, { id: string; name: string; livemode: boolean }>();
  const objects = new Map<string, StripeObject>();
  const idempotent = new Map<string, { bodyText: string; answer: Answer }>();
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();

  const put = (object: StripeObject) => {
    objects.set(object.id, object);
    return object;
  };
  const notFound = (id: string): Answer => ({
    status: 404,
    body: { error: { type: "invalid_request_error", code: "resource_missing", message: `No such object: '${id}'`, param: "id" } },
  });
  const invalid = (message: string, param?: string, code?: string): Answer => ({
    status: 400,
    body: { error: { type: "invalid_request_error", message, param, ...(code ? { code } : {}) } },
  });
  const read = (id: string): Answer => {
    const object = objects.get(id);
    return object ? { status: 200, body: object } : notFound(id);
  };
  const int = (value: unknown) => (value === undefined ? undefined : Number(value));

  function route(method: string, path: string, body: Record<string, unknown>, account: { id: string; name: string; livemode: boolean }): Answer {
    const parts = path.replace(/^\/v1\//, "").split("/");
    const [resource, id, action] = parts;
    const metadata = (body.metadata as Record<string, string> | undefined) ?? {};
    if (method === "GET" && resource === "account" && !id) {
      return {
        status: 200,
        body: { id: account.id, object: "account", settings: { dashboard: { display_name: account.name } }, livemode: account.livemode },
      };
    }
    if (method === "GET" && resource === "balance") {
      return { status: 200, body: { object: "balance", available: [], pending: [], livemode: account.livemode } };
    }
    if (method === "GET" && (resource === "checkout" || resource === "billing_portal") && action) return read(action);
    if (method === "GET" && id && !action) return read(id);
    if (method === "DELETE" && resource === "subscriptions" && id && !action) {
      const existing = objects.get(id);
      if (!existing) return notFound(id);
      const at = now();
      return { status: 200, body: put({ ...existing, status: "canceled", canceled_at: at, ended_at: at }) };
    }
    if (method !== "POST") return { status: 404, body: { error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path})` } } };
    switch (resource) {
      case "customers": {
        if (id) {
          const existing = objects.get(id);
          if (!existing) return notFound(id);
          return { status: 200, body: put({ ...existing, ...body, metadata: { ...(existing.metadata as object), ...metadata } }) };
        }
        return { status: 200, body: put({ id: newId("cus"), object: "customer", created: now(), name: body.name ?? null, email: body.email ?? null, metadata, livemode: account.livemode }) };
      }
      case "products":
        return { status: 200, body: put({ id: newId("prod"), object: "product", name: body.name, metadata, active: true }) };
      case "prices": {
        if (!body.currency || body.unit_amount === undefined || !body.product) return invalid("Missing currency, unit_amount or product.");
        const recurring = body.recurring as { interval?: string; interval_count?: string } | undefined;
        return {
          status: 200,
          body: put({
            id: newId("price"),
            object: "price",
            currency: body.currency,
            unit_amount: int(body.unit_amount),
            product: body.product,
            recurring: recurring ? { interval: recurring.interval, interval_count: int(recurring.interval_count) ?? 1 } : null,
            metadata,
          }),
        };
      }
      case "subscriptions": {
        if (id) {
          const existing = objects.get(id);
          if (!existing) return notFound(id);
          const changes: Record<string, unknown> = { metadata: { ...(existing.metadata as object), ...metadata } };
          if (body.cancel_at_period_end !== undefined) changes.cancel_at_period_end = body.cancel_at_period_end === "true";
          if (body.items) changes.items = { object: "list", data: subscriptionItems(body.items) };
          // An empty string unsets a field in Stripe's form encoding (`pause_collection=` resumes).
          if (body.pause_collection !== undefined) changes.pause_collection = body.pause_collection === "" ? null : body.pause_collection;
          return { status: 200, body: put({ ...existing, ...changes }) };
        }
        if (!body.customer || !body.items) return invalid("Missing customer or items.");
        const start = now();
        return {
          status: 200,
          body: put({
            id: newId("sub"),
            object: "subscription",
            customer: body.customer,
            status: body.trial_end ? "trialing" : "active",
            cancel_at_period_end: false,
            canceled_at: null,
            ended_at: null,
            start_date: start,
            trial_end: body.trial_end ? int(body.trial_end) : null,
            items: { object: "list", data: subscriptionItems(body.items) },
            metadata,
            livemode: account.livemode,
          }),
        };
      }
      case "invoiceitems":
        if (!body.customer) return invalid("Missing customer.", "customer");
        return { status: 200, body: put({ id: newId("ii"), object: "invoiceitem", customer: body.customer, amount: int(body.amount), currency: body.currency, invoice: body.invoice ?? null, description: body.description ?? null, metadata }) };
      case "invoices": {
        if (id && action === "finalize") {
          const existing = objects.get(id);
          if (!existing) return notFound(id);
          if (existing.status !== "draft") return invalid(`This invoice is already ${String(existing.status)}.`);
          const total = [...objects.values()].filter((o) => o.object === "invoiceitem" && o.invoice === id).reduce((sum, l) => sum + Number(l.amount ?? 0), 0);
          return { status: 200, body: put({ ...existing, total, amount_due: total, status: "open", hosted_invoice_url: `https://invoice.stripe.test/${id}`, status_transitions: { finalized_at: now() } }) };
        }
        if (id && (action === "void" || action === "mark_uncollectible")) {
          const existing = objects.get(id);
          if (!existing) return notFound(id);
          // Like Stripe: only an open invoice (or, for void, an uncollectible one) moves.
          const movable = existing.status === "open" || (action === "void" && existing.status === "uncollectible");
          if (!movable) return invalid(`You can only pass in open invoices. This invoice is ${String(existing.status)}.`, undefined, "invoice_not_open");
          return { status: 200, body: put({ ...existing, status: action === "void" ? "void" : "uncollectible" }) };
        }
        if (id) return invalid("Unsupported invoice action.");
        if (!body.customer) return invalid("Missing customer.", "customer");
        const lines =
          body.pending_invoice_items_behavior === "exclude"
            ? []
            : [...objects.values()].filter((o) => o.object === "invoiceitem" && o.invoice === null && o.customer === body.customer);
        const invoiceId = newId("in");
        for (const line of lines) put({ ...line, invoice: invoiceId });
        const total = lines.reduce((sum, l) => sum + Number(l.amount ?? 0), 0);
        return {
          status: 200,
          body: put({
            id: invoiceId,
            object: "invoice",
            customer: body.customer,
            currency: body.currency ?? (lines[0]?.currency as string | undefined) ?? "usd",
            status: "draft",
            total,
            amount_due: total,
            amount_paid: 0,
            hosted_invoice_url: null,
            collection_method: body.collection_method ?? "send_invoice",
            metadata,
            payments: { object: "list", data: [] },
            livemode: account.livemode,
          }),
        };
      }
      case "refunds":
        return createRefund(body, metadata);
      case "checkout":
        if (id !== "sessions") return invalid("Unsupported checkout resource.");
        return {
          status: 200,
          body: put({
            id: newId("cs"),
            object: "checkout.session",
            mode: body.mode,
            customer: body.customer ?? null,
            status: "open",
            payment_status: "unpaid",
            payment_intent: null,
            amount_total: lineTotal(body.line_items),
            currency: firstCurrency(body.line_items),
            url: `https://checkout.stripe.test/${newId("c")}`,
            success_url: body.success_url,
            metadata,
            livemode: account.livemode,
          }),
        };
      case "billing_portal":
        if (id !== "sessions") return invalid("Unsupported billing portal resource.");
        if (!body.customer) return invalid("Missing customer.", "customer");
        return { status: 200, body: { id: newId("bps"), object: "billing_portal.session", customer: body.customer, url: `https://billing.stripe.test/${newId("p")}`, return_url: body.return_url ?? null } };
      default:
        return { status: 404, body: { error: { type: "invalid_request_error", message: `Unrecognized request URL (POST: ${path})` } } };
    }
  }

  /**
   * A refund of a charge (named, or the PaymentIntent's): at most what the charge has left, as
   * Stripe refuses more; the charge then lists it under `refunds` (what charge.refunded re-reads).
   */
  function createRefund(body: Record<string, unknown>, metadata: Record<string, string>): Answer {
    const charge = body.charge
      ? objects.get(String(body.charge))
      : [...objects.values()].find((o) => o.object === "charge" && o.payment_intent === body.payment_intent);
    if (!charge) return invalid(`No such charge or payment_intent: '${String(body.charge ?? body.payment_intent)}'`, body.charge ? "charge" : "payment_intent", "resource_missing");
    const left = Number(charge.amount) - Number(charge.amount_refunded ?? 0);
    if (left <= 0) return invalid(`Charge ${charge.id} has already been refunded.`, undefined, "charge_already_refunded");
    const amount = int(body.amount) ?? left;
    if (amount > left) return invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, "amount", "amount_too_large");
    const refund = put({
      id: newId("re"),
      object: "refund",
      amount,
      charge: charge.id,
      payment_intent: charge.payment_intent ?? null,
      currency: charge.currency ?? "usd",
      status: "succeeded",
      reason: body.reason ?? null,
      metadata,
      created: now(),
    });
    const earlier = ((charge.refunds as { data?: unknown[] } | undefined)?.data ?? []) as unknown[];
    put({ ...charge, amount_refunded: Number(charge.amount_refunded ?? 0) + amount, refunded: amount === left, refunds: { object: "list", data: [...earlier, refund] } });
    return { status: 200, body: refund };
  }

  function subscriptionItems(items: unknown) {
    return Object.values(items as Record<string, { price?: string; quantity?: string }>).map((item) => ({
      id: newId("si"),
      object: "subscription_item",
      price: objects.get(item.price ?? "") ?? { id: item.price },
      quantity: int(item.quantity) ?? 1,
    }));
  }
  function lineTotal(lineItems: unknown) {
    return Object.values((lineItems ?? {}) as Record<string, { quantity?: string; price_data?: { unit_amount?: string } }>).reduce(
      (sum, l) => sum + Number(l.price_data?.unit_amount ?? 0) * Number(l.quantity ?? 1),
      0,
    );
  }
  function firstCurrency(lineItems: unknown) {
    const first = Object.values((lineItems ?? {}) as Record<string, { price_data?: { currency?: string } }>)[0];
    return first?.price_data?.currency ?? null;
  }

  const send = (res: ServerResponse, answer: Answer, replayed: boolean) => {
    res.writeHead(answer.status, {
      "content-type": "application/json",
      "request-id": newId("req"),
      ...(replayed ? { "idempotent-replayed": "true" } : {}),
    });
    res.end(JSON.stringify(answer.body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bodyText = Buffer.concat(chunks).toString("utf8");
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname;
    const auth = req.headers.authorization ?? "";
    const apiKey = auth.startsWith("Bearer ") ? auth.slice(7) : null;
    const idempotencyKey = (req.headers["idempotency-key"] as string | undefined) ?? null;
    let body: Record<string, unknown> = {};
    try {
      if (!path.startsWith("/_fake/")) body = parseStripeForm(method === "GET" ? url.search.slice(1) : bodyText);
    } catch (error) {
      send(res, invalid((error as Error).message), false);
      return;
    }
    if (method === "POST" && path.startsWith("/_fake/objects/")) {
      const id = decodeURIComponent(path.slice("/_fake/objects/".length));
      const changes = JSON.parse(bodyText || "{}") as Record<string, unknown>;
      const existing = objects.get(id);
      send(res, { status: 200, body: put({ ...(existing ?? { object: "unknown" }), ...changes, id } as StripeObject) }, false);
      return;
    }
    const record: RecordedRequest = { method, path, idempotencyKey, body, apiKey, status: 0, replayed: false };
    requests.push(record);

    const fault = faults.shift();
    if (fault?.kind === "hang") {
      record.status = -1;
      hanging.add(res);
      return;
    }
    if (fault?.kind === "500") {
      record.status = 500;
      send(res, { status: 500, body: { error: { type: "api_error", message: "Fake Stripe: injected server error." } } }, false);
      return;
    }
    const account = apiKey ? accounts.get(apiKey) : undefined;
    if (!account) {
      record.status = 401;
      send(res, { status: 401, body: { error: { type: "invalid_request_error", message: "Invalid API Key provided: ****" } } }, false);
      return;
    }
    if (method === "POST" && idempotencyKey) {
      const scoped = `${account.id}:${idempotencyKey}`;
      const seen = idempotent.get(scoped);
      if (seen) {
        if (seen.bodyText !== bodyText) {
          record.status = 400;
          send(res, { status: 400, body: { error: { type: "idempotency_error", message: "Keys for idempotent requests can only be used with the same parameters they were first used with." } } }, false);
          return;
        }
        record.status = seen.answer.status;
        record.replayed = true;
        send(res, seen.answer, true);
        return;
      }
      const answer = route(method, path, body, account);
      // Like Stripe: a 500 is not saved (the retry runs again); any other answer is.
      if (answer.status < 500) idempotent.set(scoped, { bodyText, answer });
      record.status = answer.status;
      send(res, answer, false);
      return;
    }
    const answer = route(method, path, body, account);
    record.status = answer.status;
    send(res, answer, false);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { type: "api_error", message: (error as Error).message } }));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    host: "127.0.0.1",
    port,
    requests,
    addAccount(apiKey, account = {}) {
      const id = account.id ?? newId("acct");
      accounts.set(apiKey, { id, name: account.name ?? "Fake Agency Ltd", livemode: account.livemode ?? false });
      return id;
    },
    failNext(count, kind) {
      for (let i = 0; i < count; i += 1) faults.push({ kind } as Fault);
    },
    get: (id) => objects.get(id),
    put,
    patch(id, changes) {
      const existing = objects.get(id);
      if (!existing) throw new Error(`fake stripe: no object ${id}`);
      return put({ ...existing, ...changes });
    },
    idempotencyKeys: () => requests.flatMap((r) => (r.idempotencyKey ? [r.idempotencyKey] : [])),
    async close() {
      for (const res of hanging) res.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
