import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStripeClient } from "../src/billing/stripe/client";
import { parseStripeForm, startFakeStripe, type FakeStripe } from "./support/fake-stripe";

/** The fake Stripe the API tests rely on speaks the wire format the real SDK sends. */
let fake: FakeStripe;
let stripe: Stripe;

beforeAll(async () => {
  fake = await startFakeStripe();
  fake.addAccount("rk_test_fakeunit000000000000");
  stripe = createStripeClient({ baseUrl: fake.url, timeoutMs: 1_000, maxNetworkRetries: 0 }, "rk_test_fakeunit000000000000");
});
afterAll(() => fake.close());

describe("fake Stripe", () => {
  it("parses bracket keys as Stripe's encoding nests them", () => {
    expect(parseStripeForm("metadata[a]=1&items[0][price]=p&items[0][quantity]=2&items[1][price]=q&expand[]=x&expand[]=y&name=A%20B")).toEqual({
      metadata: { a: "1" },
      items: [{ price: "p", quantity: "2" }, { price: "q" }],
      expand: ["x", "y"],
      name: "A B",
    });
  });

  it("records the SDK's idempotency key and answers a replay with the first answer", async () => {
    const first = await stripe.customers.create({ name: "Acme", metadata: { agency_client_id: "c1" } }, { idempotencyKey: "agency:customer:c1" });
    const again = await stripe.customers.create({ name: "Acme", metadata: { agency_client_id: "c1" } }, { idempotencyKey: "agency:customer:c1" });
    expect(again.id).toBe(first.id);
    const recorded = fake.requests.filter((r) => r.idempotencyKey === "agency:customer:c1");
    expect(recorded.map((r) => r.replayed)).toEqual([false, true]);
    expect(recorded[0]!.body).toEqual({ name: "Acme", metadata: { agency_client_id: "c1" } });
    await expect(stripe.customers.create({ name: "Other" }, { idempotencyKey: "agency:customer:c1" })).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it("refuses unknown keys (401) and fails or hangs on demand", async () => {
    const stranger = createStripeClient({ baseUrl: fake.url, timeoutMs: 1_000, maxNetworkRetries: 0 }, "rk_test_unknown00000000000000");
    await expect(stranger.accounts.retrieveCurrent()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    fake.failNext(1, "500");
    await expect(stripe.accounts.retrieveCurrent()).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    fake.failNext(1, "hang");
    await expect(stripe.accounts.retrieveCurrent()).rejects.toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect((await stripe.accounts.retrieveCurrent()).object).toBe("account");
  });
});
