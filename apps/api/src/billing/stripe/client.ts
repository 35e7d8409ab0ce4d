import Stripe from "stripe";
import { AppError } from "../../errors/app-error";
import type { SecretBox } from "../../lib/secret-box";

/**
 * How this process reaches Stripe: the real `stripe` SDK, with a deadline per request, the SDK's
 * own network retries (each carrying our idempotency key, so a retried POST has one effect) and,
 * when STRIPE_API_BASE_URL is set, another host/port/protocol — the local fake in tests and e2e.
 */
export interface StripeClientConfig {
  /** `http://127.0.0.1:12111`; unset → api.stripe.com over https. */
  baseUrl?: string;
  timeoutMs: number;
  maxNetworkRetries: number;
}

/** What the Stripe services need beyond the tenant scope (one set per process). */
export interface StripeDeps {
  box: SecretBox;
  config: StripeClientConfig;
  /** The web app's public origin (Checkout/portal return URLs). */
  appUrl: string;
}

export function stripeConfigFromEnv(env: {
  STRIPE_API_BASE_URL?: string;
  STRIPE_TIMEOUT_MS: number;
  STRIPE_MAX_NETWORK_RETRIES: number;
}): StripeClientConfig {
  return { baseUrl: env.STRIPE_API_BASE_URL, timeoutMs: env.STRIPE_TIMEOUT_MS, maxNetworkRetries: env.STRIPE_MAX_NETWORK_RETRIES };
}

/**
 * Calls made while a user waits run inside the request's transaction (10 s deadline): at most
 * 4 s per attempt and one retry, so Stripe's silence ends as a clear 503, never a dead transaction.
 */
export const INTERACTIVE_TIMEOUT_MS = 4_000;

export function createStripeClient(config: StripeClientConfig, apiKey: string, options: { interactive?: boolean } = {}): Stripe {
  const target = config.baseUrl ? new URL(config.baseUrl) : null;
  return new Stripe(apiKey, {
    timeout: options.interactive ? Math.min(config.timeoutMs, INTERACTIVE_TIMEOUT_MS) : config.timeoutMs,
    maxNetworkRetries: options.interactive ? Math.min(config.maxNetworkRetries, 1) : config.maxNetworkRetries,
    telemetry: false,
    appInfo: { name: "Agency OS" },
    ...(target
      ? {
          host: target.hostname,
          port: target.port || (target.protocol === "https:" ? 443 : 80),
          protocol: target.protocol === "https:" ? "https" : "http",
        }
      : {}),
  });
}

/** Webhook verification needs no key: one shared instance for constructEvent. */
export const stripeWebhooks = new Stripe("sk_unused_for_webhooks").webhooks;

/** The secret box contexts (a ciphertext copied to another org or purpose does not open). */
export const stripeKeyContext = (orgId: string) => `stripe-api-key:${orgId}`;
export const stripeWebhookSecretContext = (orgId: string) => `stripe-webhook-secret:${orgId}`;

/** Stripe could not be reached or failed (timeout, network, 5xx, 429): worth retrying later. */
export function isTransientStripeError(error: unknown): boolean {
  if (!(error instanceof Stripe.errors.StripeError)) return false;
  return (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    (typeof error.statusCode === "number" && error.statusCode >= 500)
  );
}

/**
 * Stripe understood the request and said no (400/402/404/409: an invoice already paid, a charge
 * already refunded, an object gone): the same request will never succeed, so a job should record
 * the answer instead of retrying. A refused key (401/403) is not one: it works again once the owner
 * reconnects with a good key, so those jobs retry and then wait in the dead-letter queue.
 */
export function isStripeRefusal(error: unknown): error is Stripe.errors.StripeError {
  return (
    error instanceof Stripe.errors.StripeError &&
    !isTransientStripeError(error) &&
    !(error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError)
  );
}

/**
 * A Stripe failure as our error: a refused key is the caller's 400, Stripe unreachable or failing
 * a 503 saying so; Stripe's own message (it never contains the key) is kept for the user.
 */
export function stripeFailure(error: unknown, action: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError) {
    return new AppError("VALIDATION_ERROR", `Stripe refused the key while trying to ${action}: ${error.message}`, {
      issues: [{ path: ["secretKey"], message: "Stripe refused this key (wrong, revoked, or missing a permission).", code: "custom" }],
    });
  }
  if (isTransientStripeError(error)) {
    const what = error instanceof Stripe.errors.StripeConnectionError ? "could not be reached (timeout or network error)" : "answered with an error";
    return new AppError("SERVICE_UNAVAILABLE", `Stripe ${what} while trying to ${action}. Try again in a moment.`, undefined, { cause: error });
  }
  if (error instanceof Stripe.errors.StripeError) {
    return new AppError("UNPROCESSABLE", `Stripe refused to ${action}: ${error.message}`, undefined, { cause: error });
  }
  return new AppError("INTERNAL_ERROR", `Could not ${action}.`, undefined, { cause: error });
}
