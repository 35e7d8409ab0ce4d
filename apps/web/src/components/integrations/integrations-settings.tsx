"use client";

import {
  connectSlackInputSchema,
  createWebhookInputSchema,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from "@agency/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { formatDateTime } from "~/lib/dates";
import type { RouterOutputs } from "~/lib/router-types";
import { useHydrated } from "~/lib/use-hydrated";
import { useTRPC } from "~/trpc/react";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { TextField } from "../ui/field";
import { Skeleton } from "../ui/spinner";

type Endpoint = RouterOutputs["webhooks"]["list"][number];
type Delivery = RouterOutputs["webhooks"]["deliveries"]["items"][number];

const smallButton = "!px-3 !py-1.5";

function ApiMessage({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
      {toUserFacingError(error).message}
    </p>
  );
}

/** Event checkboxes, grouped by what they are about; keyboard and screen-reader friendly (a fieldset). */
function EventPicker({ name, legend, defaultChecked }: { name: string; legend: string; defaultChecked: readonly string[] }) {
  const groups = new Map<string, WebhookEventType[]>();
  for (const type of WEBHOOK_EVENT_TYPES) {
    const group = type.split(".")[0]!;
    groups.set(group, [...(groups.get(group) ?? []), type]);
  }
  return (
    <fieldset className="min-w-0">
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="mt-2 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {[...groups].map(([group, types]) => (
          <div key={group} className="rounded-lg border border-slate-200 p-2">
            <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">{group}</p>
            {types.map((type) => (
              <label key={type} className="mt-1 flex items-center gap-2 text-sm text-slate-800">
                <input type="checkbox" name={name} value={type} defaultChecked={defaultChecked.includes(type)} className="size-4" />
                <code className="text-xs">{type}</code>
              </label>
            ))}
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** The signing secret, shown once after create or rotate, with a copy button. */
function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="webhook-secret">
      <p className="font-medium text-amber-900">Signing secret — copy it now, it is not shown again.</p>
      <code className="mt-2 block break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900 select-all" data-testid="webhook-secret-value">
        {secret}
      </code>
      <div className="mt-2 flex gap-2">
        <Button
          variant="secondary"
          className={smallButton}
          onClick={() => void navigator.clipboard?.writeText(secret).then(() => setCopied(true), () => undefined)}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button variant="ghost" className={smallButton} onClick={onDone}>
          I saved it
        </Button>
      </div>
    </div>
  );
}

/** Outbound webhooks and Slack for the active organization (admins and owners). */
export function IntegrationsSettings({ orgId }: { orgId: string }) {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Integrations</h1>
        <p className="mt-1 text-sm text-slate-600">
          Send signed events to your own endpoints (Standard Webhooks) or post them to a Slack channel.
        </p>
      </div>
      <WebhooksCard orgId={orgId} />
      <SlackCard orgId={orgId} />
    </div>
  );
}

function WebhooksCard({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hydrated = useHydrated();
  const endpoints = useQuery(trpc.webhooks.list.queryOptions({ orgId }));
  const [adding, setAdding] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey({ orgId }) });
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: (result) => {
        setSecret(result.secret);
        setAdding(false);
        void refresh();
      },
    }),
  );

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = createWebhookInputSchema.safeParse({
      orgId,
      url: form.get("url"),
      description: form.get("description"),
      eventTypes: form.getAll("eventTypes"),
    });
    if (!parsed.success) {
      setFormError(parsed.error.issues[0]?.message ?? "Check the form");
      return;
    }
    setFormError(null);
    create.mutate(parsed.data);
  }

  return (
    <Card
      title="Webhook endpoints"
      action={
        !adding && (
          <Button className={smallButton} disabled={!hydrated} onClick={() => (create.reset(), setAdding(true))}>
            Add endpoint
          </Button>
        )
      }
    >
      <div className="space-y-4">
        {secret && <SecretOnce secret={secret} onDone={() => setSecret(null)} />}
        {adding && (
          <form onSubmit={onCreate} noValidate className="space-y-3 rounded-lg border border-slate-200 p-3" aria-label="Add endpoint">
            <TextField
              id="webhook-url"
              label="Endpoint URL"
              name="url"
              type="url"
              required
              placeholder="https://example.com/webhooks/agency"
            />
            <TextField id="webhook-description" label="Description" optional name="description" maxLength={500} />
            <EventPicker name="eventTypes" legend="Events to send" defaultChecked={["task.created", "task.updated", "task.moved"]} />
            {formError && (
              <p role="alert" className="text-sm text-rose-700">
                {formError}
              </p>
            )}
            <ApiMessage error={create.error} />
            <div className="flex gap-2">
              <Button type="submit" disabled={create.isPending}>
                {create.isPending ? "Adding…" : "Add endpoint"}
              </Button>
              <Button variant="ghost" onClick={() => setAdding(false)}>
                Cancel
              </Button>
            </div>
          </form>
        )}
        {endpoints.isPending && <Skeleton className="h-20 w-full" />}
        {endpoints.isError && <ErrorState {...toUserFacingError(endpoints.error)} onRetry={() => void endpoints.refetch()} />}
        {endpoints.data?.length === 0 && !adding && (
          <EmptyState
            icon="⇄"
            title="No endpoints yet"
            description="Add an endpoint to receive signed events when clients, projects, tasks, comments or members change."
          />
        )}
        {endpoints.data && endpoints.data.length > 0 && (
          <ul className="space-y-3" data-testid="webhook-endpoints">
            {endpoints.data.map((endpoint) => (
              <EndpointRow key={endpoint.id} orgId={orgId} endpoint={endpoint} onSecret={setSecret} />
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}

function EndpointRow({ orgId, endpoint, onSecret }: { orgId: string; endpoint: Endpoint; onSecret: (secret: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [showLog, setShowLog] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const logId = useId();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey({ orgId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.queryKey({ orgId, endpointId: endpoint.id }) }),
    ]);
  const update = useMutation(trpc.webhooks.update.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.webhooks.delete.mutationOptions({ onSettled: refresh }));
  const rotate = useMutation(trpc.webhooks.rotateSecret.mutationOptions({ onSuccess: (r) => onSecret(r.secret), onSettled: refresh }));
  const test = useMutation(
    trpc.webhooks.sendTest.mutationOptions({
      onSuccess: () => setShowLog(true),
      onSettled: refresh,
    }),
  );
  const error = update.error ?? remove.error ?? rotate.error ?? test.error;

  return (
    <li className="rounded-lg border border-slate-200 p-3" data-testid="webhook-endpoint">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0 flex-1 basis-64">
          <p className="break-all font-mono text-sm text-slate-900" data-testid="webhook-endpoint-url">
            {endpoint.url}
          </p>
          {endpoint.description && <p className="text-sm text-slate-600">{endpoint.description}</p>}
          <p className="mt-1 text-xs text-slate-500">{endpoint.eventTypes.join(", ")}</p>
          {!endpoint.enabled && endpoint.disabledReason && (
            <p className="mt-1 text-xs text-rose-700">Disabled: {endpoint.disabledReason}</p>
          )}
          {endpoint.previousSecretExpiresAt && (
            <p className="mt-1 text-xs text-slate-500">Old secret also signs until {formatDateTime(endpoint.previousSecretExpiresAt)}</p>
          )}
        </div>
        <Badge tone={endpoint.enabled ? "success" : "danger"}>{endpoint.enabled ? "Enabled" : "Disabled"}</Badge>
      </div>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button variant="secondary" className={smallButton} disabled={test.isPending} onClick={() => test.mutate({ orgId, endpointId: endpoint.id })}>
          {test.isPending ? "Sending…" : "Send test event"}
        </Button>
        <Button
          variant="secondary"
          className={smallButton}
          aria-expanded={showLog}
          aria-controls={logId}
          onClick={() => setShowLog((v) => !v)}
        >
          {showLog ? "Hide deliveries" : "Deliveries"}
        </Button>
        <Button
          variant="secondary"
          className={smallButton}
          disabled={update.isPending}
          onClick={() => update.mutate({ orgId, endpointId: endpoint.id, patch: { enabled: !endpoint.enabled } })}
        >
          {endpoint.enabled ? "Disable" : "Enable"}
        </Button>
        <Button variant="secondary" className={smallButton} disabled={rotate.isPending} onClick={() => rotate.mutate({ orgId, endpointId: endpoint.id, overlapHours: 24 })}>
          {rotate.isPending ? "Rotating…" : "Rotate secret"}
        </Button>
        {confirmDelete ? (
          <>
            <Button
              variant="secondary"
              className={`${smallButton} text-rose-700`}
              disabled={remove.isPending}
              onClick={() => remove.mutate({ orgId, endpointId: endpoint.id })}
            >
              {remove.isPending ? "Deleting…" : "Confirm delete"}
            </Button>
            <Button variant="ghost" className={smallButton} onClick={() => setConfirmDelete(false)}>
              Cancel
            </Button>
          </>
        ) : (
          <Button variant="ghost" className={`${smallButton} text-rose-700`} onClick={() => setConfirmDelete(true)}>
            Delete
          </Button>
        )}
      </div>
      {error && (
        <div className="mt-2">
          <ApiMessage error={error} />
        </div>
      )}
      {showLog && (
        <div id={logId} className="mt-3">
          <DeliveryLog orgId={orgId} endpointId={endpoint.id} />
        </div>
      )}
    </li>
  );
}

const STATUS_TONE = { succeeded: "success", pending: "neutral", failed: "warning", dead: "danger" } as const;

function DeliveryLog({ orgId, endpointId }: { orgId: string; endpointId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const deliveries = useQuery({
    ...trpc.webhooks.deliveries.queryOptions({ orgId, endpointId, limit: 20, cursor }),
    // Pending deliveries change on their own: look again every few seconds while any is open.
    refetchInterval: (query) =>
      query.state.data?.items.some((d) => d.status === "pending" || d.status === "failed") ? 2_000 : false,
  });
  const redeliver = useMutation(
    trpc.webhooks.redeliver.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.queryKey({ orgId, endpointId }) }),
    }),
  );
  if (deliveries.isPending) return <Skeleton className="h-16 w-full" />;
  if (deliveries.isError) return <ErrorState {...toUserFacingError(deliveries.error)} onRetry={() => void deliveries.refetch()} />;
  if (deliveries.data.items.length === 0) {
    return <p className="text-sm text-slate-600">No deliveries yet. Send a test event, or change something this endpoint listens to.</p>;
  }
  return (
    <div className="space-y-2">
      <ApiMessage error={redeliver.error} />
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200" data-testid="webhook-deliveries" aria-label="Deliveries">
        {deliveries.data.items.map((delivery) => (
          <DeliveryRow key={delivery.id} delivery={delivery} onRedeliver={() => redeliver.mutate({ orgId, deliveryId: delivery.id })} busy={redeliver.isPending} />
        ))}
      </ul>
      <div className="flex gap-2">
        {cursor && (
          <Button variant="ghost" className={smallButton} onClick={() => setCursor(undefined)}>
            Newest
          </Button>
        )}
        {deliveries.data.nextCursor && (
          <Button variant="ghost" className={smallButton} onClick={() => setCursor(deliveries.data.nextCursor ?? undefined)}>
            Older
          </Button>
        )}
      </div>
    </div>
  );
}

function DeliveryRow({ delivery, onRedeliver, busy }: { delivery: Delivery; onRedeliver: () => void; busy: boolean }) {
  return (
    <li className="flex flex-wrap items-start gap-x-4 gap-y-1 px-3 py-2 text-sm" data-testid="webhook-delivery" data-status={delivery.status}>
      <div className="min-w-0 flex-1 basis-56">
        <p className="flex flex-wrap items-center gap-2">
          <code className="text-xs text-slate-900">{delivery.eventType}</code>
          <Badge tone={STATUS_TONE[delivery.status]}>{delivery.status}</Badge>
        </p>
        <p className="mt-0.5 text-xs text-slate-500">
          {formatDateTime(delivery.createdAt)} · attempt {delivery.attemptCount}
          {delivery.lastStatusCode !== null && <> · HTTP {delivery.lastStatusCode}</>}
          {delivery.latencyMs !== null && <> · {delivery.latencyMs} ms</>}
          {delivery.errorClass && <> · {delivery.errorClass.replace("_", " ")}</>}
          {delivery.nextAttemptAt && delivery.status === "failed" && <> · next try {formatDateTime(delivery.nextAttemptAt)}</>}
        </p>
        {delivery.responseSnippet && (
          <pre className="mt-1 max-h-24 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 px-2 py-1 text-xs text-slate-700">
            {delivery.responseSnippet}
          </pre>
        )}
      </div>
      <Button variant="ghost" className={smallButton} disabled={busy} onClick={onRedeliver}>
        Redeliver
      </Button>
    </li>
  );
}

function SlackCard({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hydrated = useHydrated();
  const connection = useQuery(trpc.slack.get.queryOptions({ orgId }));
  const [formError, setFormError] = useState<string | null>(null);
  const [confirmDisconnect, setConfirmDisconnect] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.slack.get.queryKey({ orgId }) });
  const connect = useMutation(trpc.slack.connect.mutationOptions({ onSettled: refresh }));
  const update = useMutation(trpc.slack.update.mutationOptions({ onSettled: refresh }));
  const disconnect = useMutation(trpc.slack.disconnect.mutationOptions({ onSuccess: () => setConfirmDisconnect(false), onSettled: refresh }));
  const test = useMutation(trpc.slack.sendTest.mutationOptions());

  function onConnect(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = connectSlackInputSchema.safeParse({ orgId, url: form.get("url"), eventTypes: form.getAll("eventTypes") });
    if (!parsed.success) {
      setFormError(parsed.error.issues[0]?.message ?? "Check the form");
      return;
    }
    setFormError(null);
    connect.mutate(parsed.data);
  }

  function onSaveEvents(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const eventTypes = new FormData(event.currentTarget).getAll("eventTypes") as WebhookEventType[];
    if (eventTypes.length === 0) {
      setFormError("Choose at least one event");
      return;
    }
    setFormError(null);
    update.mutate({ orgId, patch: { eventTypes } });
  }

  const data = connection.data;
  return (
    <Card title="Slack">
      {connection.isPending && <Skeleton className="h-16 w-full" />}
      {connection.isError && <ErrorState {...toUserFacingError(connection.error)} onRetry={() => void connection.refetch()} />}
      {connection.isSuccess && !data && (
        <form onSubmit={onConnect} noValidate className="space-y-3" aria-label="Connect Slack">
          <p className="text-sm text-slate-600">
            Create an incoming webhook in Slack (Apps → Incoming Webhooks), choose a channel, and paste its URL.
          </p>
          <TextField id="slack-url" label="Incoming-webhook URL" name="url" type="url" placeholder="https://hooks.slack.com/services/…" />
          <EventPicker name="eventTypes" legend="Post these events" defaultChecked={["task.created", "task.moved", "comment.created"]} />
          {formError && (
            <p role="alert" className="text-sm text-rose-700">
              {formError}
            </p>
          )}
          <ApiMessage error={connect.error} />
          <Button type="submit" disabled={connect.isPending || !hydrated}>
            {connect.isPending ? "Connecting…" : "Connect Slack"}
          </Button>
        </form>
      )}
      {data && (
        <div className="space-y-3" data-testid="slack-connection">
          <p className="flex flex-wrap items-center gap-2 text-sm text-slate-800">
            Posting to <code className="text-xs">{data.urlHint}</code>
            <Badge tone={data.enabled ? "success" : "danger"}>{data.enabled ? "Enabled" : "Disabled"}</Badge>
          </p>
          {!data.enabled && data.disabledReason && <p className="text-xs text-rose-700">Disabled: {data.disabledReason}</p>}
          <form onSubmit={onSaveEvents} className="space-y-3" aria-label="Slack events">
            <EventPicker key={data.updatedAt} name="eventTypes" legend="Post these events" defaultChecked={data.eventTypes} />
            {formError && (
              <p role="alert" className="text-sm text-rose-700">
                {formError}
              </p>
            )}
            <ApiMessage error={update.error ?? disconnect.error ?? test.error} />
            {test.isSuccess && (
              <p role="status" className="text-sm text-emerald-700">
                Test message queued.
              </p>
            )}
            <div className="flex flex-wrap gap-2">
              <Button type="submit" variant="secondary" className={smallButton} disabled={update.isPending}>
                Save events
              </Button>
              <Button variant="secondary" className={smallButton} disabled={test.isPending} onClick={() => test.mutate({ orgId })}>
                Send test message
              </Button>
              <Button
                variant="secondary"
                className={smallButton}
                disabled={update.isPending}
                onClick={() => update.mutate({ orgId, patch: { enabled: !data.enabled } })}
              >
                {data.enabled ? "Disable" : "Enable"}
              </Button>
              {confirmDisconnect ? (
                <>
                  <Button variant="secondary" className={`${smallButton} text-rose-700`} onClick={() => disconnect.mutate({ orgId })}>
                    Confirm disconnect
                  </Button>
                  <Button variant="ghost" className={smallButton} onClick={() => setConfirmDisconnect(false)}>
                    Cancel
                  </Button>
                </>
              ) : (
                <Button variant="ghost" className={`${smallButton} text-rose-700`} onClick={() => setConfirmDisconnect(true)}>
                  Disconnect
                </Button>
              )}
            </div>
          </form>
        </div>
      )}
    </Card>
  );
}
