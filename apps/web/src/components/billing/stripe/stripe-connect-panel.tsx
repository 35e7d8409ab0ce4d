"use client";

import { connectStripeInputSchema, setStripeWebhookSecretInputSchema } from "@agency/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { formatDateTime } from "~/lib/format-date-time";
import { useHydrated } from "~/lib/use-hydrated";
import { useTRPC } from "~/trpc/react";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card } from "../../ui/card";
import { ErrorState } from "../../ui/error-state";
import { TextField } from "../../ui/field";
import { InlineAlert } from "../../ui/inline-alert";
import { Skeleton } from "../../ui/spinner";

const smallButton = "!px-3 !py-1.5";

function ApiMessage({ error }: { error: unknown }) {
  if (!error) return null;
  return <InlineAlert tone="error">{toUserFacingError(error).message}</InlineAlert>;
}

/** The first message of a zod failure for one field. */
function fieldMessage(issues: { path: PropertyKey[]; message: string }[], field: string) {
  return issues.find((issue) => issue.path[0] === field)?.message ?? null;
}

/**
 * Billing → Stripe: connect the organization's own Stripe account with a restricted key (checked
 * by the API with one Stripe call, stored encrypted, never shown again — only its last 4), paste
 * the webhook endpoint's signing secret, see the status, disconnect. Without a connection billing
 * works manually (mark invoices paid by bank transfer); this card says so.
 */
export function StripeConnectPanel({
  orgId,
  canManage,
  apiOrigin,
}: {
  orgId: string;
  canManage: boolean;
  apiOrigin: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hydrated = useHydrated();
  // While events wait to be applied, the counts refresh (the event log polls the same way).
  const status = useQuery({
    ...trpc.billingStripe.status.queryOptions({ orgId }),
    refetchInterval: (query) => ((query.state.data?.connection?.pendingEvents ?? 0) > 0 ? 2_000 : false),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.billingStripe.status.queryKey({ orgId }) });
  const connect = useMutation(trpc.billingStripe.connect.mutationOptions({ onSettled: refresh }));
  const setSecret = useMutation(trpc.billingStripe.setWebhookSecret.mutationOptions({ onSettled: refresh }));
  const [confirmDisconnect, setConfirmDisconnect] = useState(false);
  const disconnect = useMutation(
    trpc.billingStripe.disconnect.mutationOptions({ onSuccess: () => setConfirmDisconnect(false), onSettled: refresh }),
  );
  const [errors, setErrors] = useState<{ secretKey?: string | null; webhookSecret?: string | null }>({});
  const [copied, setCopied] = useState(false);

  const data = status.data;
  const webhookUrl = data ? `${apiOrigin.replace(/\/$/, "")}${data.webhookPath}` : "";

  function onConnect(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const webhookSecret = String(form.get("webhookSecret") ?? "").trim();
    const parsed = connectStripeInputSchema.safeParse({
      orgId,
      secretKey: form.get("secretKey"),
      ...(webhookSecret ? { webhookSecret } : {}),
    });
    if (!parsed.success) {
      setErrors({
        secretKey: fieldMessage(parsed.error.issues, "secretKey"),
        webhookSecret: fieldMessage(parsed.error.issues, "webhookSecret"),
      });
      return;
    }
    setErrors({});
    connect.mutate(parsed.data, { onSuccess: () => (event.target as HTMLFormElement).reset() });
  }

  function onSetSecret(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const parsed = setStripeWebhookSecretInputSchema.safeParse({
      orgId,
      webhookSecret: new FormData(form).get("webhookSecret"),
    });
    if (!parsed.success) {
      setErrors({ webhookSecret: fieldMessage(parsed.error.issues, "webhookSecret") });
      return;
    }
    setErrors({});
    setSecret.mutate(parsed.data, { onSuccess: () => form.reset() });
  }

  async function copyWebhookUrl() {
    await navigator.clipboard?.writeText(webhookUrl).catch(() => undefined);
    setCopied(true);
  }

  const connection = data?.connection ?? null;
  return (
    <Card
      title="Stripe"
      action={
        connection ? (
          <Badge tone={connection.livemode ? "success" : "warning"}>
            {connection.livemode ? "Live mode" : "Test mode"}
          </Badge>
        ) : null
      }
    >
      {status.isPending && <Skeleton className="h-24 w-full" />}
      {status.isError && <ErrorState {...toUserFacingError(status.error)} onRetry={() => void status.refetch()} />}

      {data && !connection && (
        <div className="space-y-4" data-testid="stripe-not-connected">
          <InlineAlert tone="info" title="Stripe is not connected">
            Invoices and the ledger work without it: mark invoices paid by bank transfer. Connect your own Stripe
            account to send hosted payment links, turn retainers into subscriptions and record payments automatically.
          </InlineAlert>
          {canManage ? (
            <form onSubmit={onConnect} noValidate className="space-y-3" aria-label="Connect Stripe">
              <p className="text-sm text-slate-600">
                In the Stripe Dashboard, create a <strong>restricted key</strong> (Developers → API keys) with write
                access to Customers, Products, Prices, Subscriptions, Invoices, Checkout Sessions, Customer portal and Refunds,
                and read access to Charges. It is checked with Stripe, stored encrypted, and never shown again.
              </p>
              <TextField
                id="stripe-secret-key"
                label="Restricted key"
                name="secretKey"
                type="password"
                autoComplete="off"
                spellCheck={false}
                placeholder="rk_test_…"
                error={errors.secretKey}
              />
              <TextField
                id="stripe-connect-webhook-secret"
                label="Webhook signing secret"
                name="webhookSecret"
                type="password"
                autoComplete="off"
                spellCheck={false}
                optional
                placeholder="whsec_…"
                hint="You can add it after creating the webhook endpoint in Stripe."
                error={errors.webhookSecret}
              />
              <ApiMessage error={connect.error} />
              <Button type="submit" disabled={connect.isPending || !hydrated}>
                {connect.isPending ? "Checking the key with Stripe…" : "Connect Stripe"}
              </Button>
            </form>
          ) : (
            <p className="text-sm text-slate-600">Only an owner of this organization can connect Stripe.</p>
          )}
        </div>
      )}

      {data && connection && (
        <div className="space-y-4" data-testid="stripe-connection">
          <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
            <div className="min-w-0">
              <dt className="text-slate-500">Account</dt>
              <dd className="truncate font-medium text-slate-900">
                {connection.accountName ?? "Stripe account"}{" "}
                <code className="text-xs text-slate-600">{connection.accountId}</code>
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Key</dt>
              <dd className="font-medium text-slate-900">
                {connection.keyKind === "restricted" ? "Restricted key" : "Secret key"} ending in{" "}
                <code className="text-xs">{connection.keyLast4}</code>
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Connected</dt>
              <dd className="text-slate-900">
                {formatDateTime(connection.connectedAt)}
                {connection.connectedBy?.name ? ` by ${connection.connectedBy.name}` : ""}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Webhook events</dt>
              <dd className="text-slate-900">
                {connection.lastEventAt
                  ? `Last received ${formatDateTime(connection.lastEventAt)}`
                  : "None received yet"}
                {connection.pendingEvents > 0 ? ` · ${connection.pendingEvents} being applied` : ""}
              </dd>
            </div>
          </dl>

          <section
            aria-labelledby="stripe-webhook-heading"
            className="space-y-2 rounded-lg border border-slate-200 p-3"
          >
            <h3 id="stripe-webhook-heading" className="text-sm font-semibold text-slate-900">
              Webhook endpoint
            </h3>
            <p className="text-sm text-slate-600">
              In Stripe (Developers → Webhooks → Add endpoint), paste this URL and select the events below. Then paste
              the endpoint&apos;s signing secret here.
            </p>
            <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
              <code
                data-testid="stripe-webhook-url"
                className="min-w-0 break-all rounded bg-slate-100 px-2 py-1 text-xs text-slate-800"
              >
                {webhookUrl}
              </code>
              <Button variant="secondary" className={smallButton} onClick={() => void copyWebhookUrl()}>
                {copied ? "Copied" : "Copy URL"}
              </Button>
            </div>
            <details className="text-sm text-slate-700">
              <summary className="cursor-pointer text-slate-800">
                Events to select ({data.webhookEvents.length})
              </summary>
              <ul className="mt-1 grid grid-cols-1 gap-x-4 sm:grid-cols-2">
                {data.webhookEvents.map((type) => (
                  <li key={type}>
                    <code className="text-xs">{type}</code>
                  </li>
                ))}
              </ul>
            </details>
            <p className="flex flex-wrap items-center gap-2 text-sm">
              Signing secret:{" "}
              {connection.webhookSecretSet ? (
                <Badge tone="success">Set, ending in {connection.webhookSecretLast4}</Badge>
              ) : (
                <Badge tone="warning">Not set — events are refused until it is</Badge>
              )}
            </p>
            {canManage && (
              <form onSubmit={onSetSecret} noValidate className="space-y-2" aria-label="Webhook signing secret">
                <TextField
                  id="stripe-webhook-secret"
                  label={
                    connection.webhookSecretSet
                      ? "Replace the signing secret (after rolling it in Stripe)"
                      : "Signing secret"
                  }
                  name="webhookSecret"
                  type="password"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="whsec_…"
                  error={errors.webhookSecret}
                />
                <ApiMessage error={setSecret.error} />
                {setSecret.isSuccess && <InlineAlert tone="success">Signing secret saved.</InlineAlert>}
                <Button type="submit" variant="secondary" className={smallButton} disabled={setSecret.isPending}>
                  {setSecret.isPending ? "Saving…" : "Save signing secret"}
                </Button>
              </form>
            )}
          </section>

          <StripeEventLog orgId={orgId} />

          {canManage && (
            <div className="flex flex-wrap items-center gap-2">
              <ApiMessage error={disconnect.error} />
              {confirmDisconnect ? (
                <>
                  <span className="text-sm text-slate-700">
                    Disconnect? Billing continues manually; Stripe data stays.
                  </span>
                  <Button
                    variant="secondary"
                    className={`${smallButton} text-rose-700`}
                    onClick={() => disconnect.mutate({ orgId })}
                  >
                    Confirm disconnect
                  </Button>
                  <Button variant="ghost" className={smallButton} onClick={() => setConfirmDisconnect(false)}>
                    Cancel
                  </Button>
                </>
              ) : (
                <Button
                  variant="ghost"
                  className={`${smallButton} text-rose-700`}
                  onClick={() => setConfirmDisconnect(true)}
                >
                  Disconnect Stripe
                </Button>
              )}
            </div>
          )}
        </div>
      )}
    </Card>
  );
}

const OUTCOME_TONE = (outcome: string | null): "success" | "warning" | "danger" | "neutral" => {
  if (!outcome) return "warning";
  if (outcome.startsWith("refused") || outcome.startsWith("rejected")) return "danger";
  if (
    outcome.startsWith("ignored") ||
    outcome.startsWith("noop") ||
    outcome.startsWith("already") ||
    outcome.startsWith("skipped")
  )
    return "neutral";
  return "success";
};

/** The newest events Stripe sent and what applying each did (refreshes while some wait). */
function StripeEventLog({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const events = useQuery({
    ...trpc.billingStripe.events.queryOptions({ orgId }),
    refetchInterval: (query) => (query.state.data?.items.some((e) => !e.processedAt) ? 2_000 : false),
  });
  return (
    <section aria-labelledby="stripe-events-heading" className="space-y-2">
      <h3 id="stripe-events-heading" className="text-sm font-semibold text-slate-900">
        Recent events
      </h3>
      {events.isPending && <Skeleton className="h-10 w-full" />}
      {events.isError && <ErrorState {...toUserFacingError(events.error)} onRetry={() => void events.refetch()} />}
      {events.data && events.data.items.length === 0 && (
        <p className="text-sm text-slate-600">No events received yet.</p>
      )}
      {events.data && events.data.items.length > 0 && (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200" data-testid="stripe-events">
          {events.data.items.map((event) => (
            <li
              key={event.eventId}
              className="flex flex-col gap-1 px-3 py-2 text-sm sm:flex-row sm:items-center sm:justify-between"
            >
              <div className="min-w-0">
                <code className="text-xs text-slate-900">{event.type}</code>
                <p className="truncate text-xs text-slate-500">
                  {formatDateTime(event.receivedAt)} · {event.eventId}
                </p>
                {event.lastError && !event.processedAt && (
                  <p className="text-xs text-rose-700">Retrying: {event.lastError}</p>
                )}
              </div>
              <Badge tone={OUTCOME_TONE(event.outcome)}>
                {event.outcome ? event.outcome.replaceAll("_", " ") : "Applying…"}
              </Badge>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
