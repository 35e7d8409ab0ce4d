"use client";

import {
  API_KEY_ROTATION_OVERLAP_DEFAULT_HOURS,
  apiKeyNameSchema,
  PERMISSIONS_BY_ROLE,
  scopeGroups,
  type ApiKey,
  type Permission,
} from "@agency/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { formatDate, formatDateTime } from "~/lib/dates";
import { useHydrated } from "~/lib/use-hydrated";
import { useTRPC } from "~/trpc/react";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ErrorState } from "../ui/error-state";
import { SelectField, TextField } from "../ui/field";
import { InlineAlert } from "../ui/inline-alert";
import { Skeleton } from "../ui/spinner";
import type { ActiveOrg } from "./organization-settings";

const DAY_MS = 86_400_000;
const EXPIRY_CHOICES = [
  { value: "", label: "Never" },
  { value: "7", label: "In 7 days" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In 1 year" },
] as const;

/** How each area of the permission table reads as a heading of its scopes. */
const AREA_LABEL: Record<string, string> = {
  org: "Organization",
  member: "Members",
  client: "Clients",
  project: "Projects",
  task: "Tasks",
  comment: "Comments",
  assistant: "Assistant",
  audit: "Audit log",
  revenue: "Revenue",
  apikey: "API keys",
  owner: "Owners",
  billing: "Billing",
};

const STATUS_TONE = { active: "success", expired: "warning", revoked: "danger" } as const;

/** The secret of a key just created or rotated: shown once, with a copy button. */
interface Revealed {
  name: string;
  secret: string;
  rotated: boolean;
}

/** API keys of the organization (admins and owners): list, create with scopes, rotate, revoke. */
export function ApiKeysCard({ org }: { org: ActiveOrg }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ orgId: org.id }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey({ orgId: org.id }) });
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [confirm, setConfirm] = useState<{ id: string; action: "revoke" | "rotate" } | null>(null);
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({ onSuccess: () => setConfirm(null), onSettled: refresh }),
  );
  const rotate = useMutation(
    trpc.apiKeys.rotate.mutationOptions({
      onSuccess: ({ key, secret }) => {
        setConfirm(null);
        setRevealed({ name: key.name, secret, rotated: true });
      },
      onSettled: refresh,
    }),
  );

  return (
    <Card title="API keys">
      <p className="mb-4 text-sm text-slate-600">
        Keys let scripts and integrations call the API as {org.name}, with only the scopes you give them. Send one as{" "}
        <code className="rounded bg-slate-100 px-1 py-0.5 text-xs">Authorization: Bearer aos_live_…</code>
      </p>
      {revealed && <SecretPanel revealed={revealed} onDone={() => setRevealed(null)} />}
      <CreateKeyForm
        org={org}
        onCreated={(name, secret) => setRevealed({ name, secret, rotated: false })}
        onSettled={refresh}
      />

      <h3 className="mb-2 mt-6 text-xs font-semibold uppercase tracking-wide text-slate-500">Keys</h3>
      {(revoke.error ?? rotate.error) && (
        <div className="mb-3">
          <InlineAlert tone="error">{toUserFacingError(revoke.error ?? rotate.error).message}</InlineAlert>
        </div>
      )}
      {keys.isPending && (
        <div className="space-y-2" aria-busy="true" aria-label="Loading API keys">
          <Skeleton className="h-14 w-full" />
          <Skeleton className="h-14 w-full" />
        </div>
      )}
      {keys.isError && <ErrorState {...toUserFacingError(keys.error)} onRetry={() => void keys.refetch()} />}
      {keys.data && keys.data.length === 0 && (
        <p className="text-sm text-slate-600" data-testid="api-keys-empty">
          No API keys yet. Create one above for each integration, so you can revoke them one by one.
        </p>
      )}
      {keys.data && keys.data.length > 0 && (
        <ul className="divide-y divide-slate-100" data-testid="api-keys-list">
          {keys.data.map((key) => (
            <KeyRow
              key={key.id}
              apiKey={key}
              confirming={confirm?.id === key.id ? confirm.action : null}
              busy={revoke.isPending || rotate.isPending}
              onAsk={(action) => {
                revoke.reset();
                rotate.reset();
                setConfirm({ id: key.id, action });
              }}
              onCancel={() => setConfirm(null)}
              onRevoke={() => revoke.mutate({ orgId: org.id, apiKeyId: key.id })}
              onRotate={() => rotate.mutate({ orgId: org.id, apiKeyId: key.id })}
            />
          ))}
        </ul>
      )}
    </Card>
  );
}

function SecretPanel({ revealed, onDone }: { revealed: Revealed; onDone: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(revealed.secret);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }
  return (
    <div
      className="mb-4 rounded-lg bg-amber-50 p-4 ring-1 ring-inset ring-amber-200"
      data-testid="api-key-secret-panel"
    >
      <p role="status" className="text-sm font-semibold text-amber-900">
        {revealed.rotated ? `New secret for “${revealed.name}”` : `API key “${revealed.name}” created`}
      </p>
      <p className="mt-1 text-sm text-amber-900">
        Copy it now and store it somewhere safe: this is the only time it is shown. Anyone holding it can act with its
        scopes until you revoke it.
        {revealed.rotated && ` The previous secret keeps working for ${API_KEY_ROTATION_OVERLAP_DEFAULT_HOURS} hours.`}
      </p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row">
        <label htmlFor="api-key-secret" className="sr-only">
          API key secret
        </label>
        <input
          id="api-key-secret"
          readOnly
          value={revealed.secret}
          data-testid="api-key-secret"
          onFocus={(event) => event.currentTarget.select()}
          className="block min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2 font-mono text-xs"
        />
        <Button variant="secondary" onClick={() => void copy()}>
          {copied === "yes" ? "Copied" : "Copy"}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
      {copied === "failed" && (
        <p className="mt-2 text-sm text-amber-900">
          Copying was blocked by the browser: select the key and copy it yourself.
        </p>
      )}
    </div>
  );
}

function CreateKeyForm({
  org,
  onCreated,
  onSettled,
}: {
  org: ActiveOrg;
  onCreated: (name: string, secret: string) => void;
  onSettled: () => void;
}) {
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(trpc.apiKeys.create.mutationOptions({ onSettled }));
  const groups = scopeGroups(PERMISSIONS_BY_ROLE[org.role]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const name = apiKeyNameSchema.safeParse(data.get("name"));
    if (!name.success) {
      setError(name.error.issues[0]?.message ?? "Check the name");
      return;
    }
    const scopes = data.getAll("scopes") as Permission[];
    if (scopes.length === 0) {
      setError("Choose at least one scope");
      return;
    }
    const days = Number(data.get("expiresIn") || 0);
    setError(null);
    create.mutate(
      {
        orgId: org.id,
        name: name.data,
        scopes,
        ...(days ? { expiresAt: new Date(Date.now() + days * DAY_MS).toISOString() } : {}),
      },
      {
        onSuccess: ({ key, secret }) => {
          form.reset();
          onCreated(key.name, secret);
        },
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="create-api-key-heading" data-testid="create-api-key-form">
      <h3 id="create-api-key-heading" className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
        New key
      </h3>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="min-w-0 flex-1">
          <TextField
            id="api-key-name"
            label="Name"
            name="name"
            autoComplete="off"
            placeholder="Zapier, reporting script…"
            // The form's one message (name or scopes) is shown below the scopes.
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "api-key-error" : undefined}
          />
        </div>
        <div className="sm:w-36">
          <SelectField id="api-key-expiry" label="Expires" name="expiresIn" defaultValue="">
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </SelectField>
        </div>
      </div>
      <fieldset className="mt-4">
        <legend className="text-sm font-medium text-slate-800">Scopes</legend>
        <p className="text-xs text-slate-500">At most what your role allows. Give each key only what its job needs.</p>
        <div className="mt-2 grid grid-cols-2 gap-2 sm:gap-3 lg:grid-cols-3">
          {groups.map((group) => (
            <fieldset key={group.area} className="min-w-0 rounded-lg p-2 ring-1 ring-inset ring-slate-200 sm:p-3">
              <legend className="px-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
                {AREA_LABEL[group.area] ?? group.area}
              </legend>
              {group.scopes.map((scope) => (
                <label key={scope} className="flex items-center gap-2 py-0.5 text-sm text-slate-800">
                  <input type="checkbox" name="scopes" value={scope} className="size-4 rounded border-slate-300" />
                  {/* A narrow column breaks a long scope after its colon, not inside a word. */}
                  <span className="break-words font-mono text-xs">
                    {scope.split(":")[0]}:<wbr />
                    {scope.split(":").slice(1).join(":")}
                  </span>
                </label>
              ))}
            </fieldset>
          ))}
        </div>
      </fieldset>
      {error && (
        <p id="api-key-error" role="alert" className="mt-2 text-sm text-rose-700">
          {error}
        </p>
      )}
      {create.error && (
        <div className="mt-3">
          <InlineAlert tone="error">{toUserFacingError(create.error).message}</InlineAlert>
        </div>
      )}
      <Button type="submit" className="mt-4" disabled={create.isPending || !hydrated}>
        {create.isPending ? "Creating…" : "Create API key"}
      </Button>
    </form>
  );
}

function KeyRow({
  apiKey,
  confirming,
  busy,
  onAsk,
  onCancel,
  onRevoke,
  onRotate,
}: {
  apiKey: ApiKey;
  confirming: "revoke" | "rotate" | null;
  busy: boolean;
  onAsk: (action: "revoke" | "rotate") => void;
  onCancel: () => void;
  onRevoke: () => void;
  onRotate: () => void;
}) {
  const active = apiKey.status === "active";
  return (
    <li className="flex flex-wrap items-start gap-x-4 gap-y-2 py-3" data-testid="api-key-row">
      <div className="min-w-0 flex-1 basis-56">
        <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
          <span className="truncate">{apiKey.name}</span>
          <Badge tone={STATUS_TONE[apiKey.status]}>{apiKey.status}</Badge>
        </p>
        <p className="mt-0.5 break-all font-mono text-xs text-slate-600" data-testid="api-key-prefix">
          {apiKey.prefix}…
        </p>
        <p className="mt-1 text-xs text-slate-500">
          Created {formatDate(apiKey.createdAt)}
          {apiKey.createdBy && ` by ${apiKey.createdBy.name}`} · last used{" "}
          {apiKey.lastUsedAt ? formatDateTime(apiKey.lastUsedAt) : "never"} ·{" "}
          {apiKey.revokedAt
            ? `revoked ${formatDate(apiKey.revokedAt)}`
            : apiKey.expiresAt
              ? `${active ? "expires" : "expired"} ${formatDate(apiKey.expiresAt)}`
              : "no expiry"}
          {apiKey.previousSecretExpiresAt &&
            ` · previous secret works until ${formatDateTime(apiKey.previousSecretExpiresAt)}`}
        </p>
        <p className="mt-1 flex flex-wrap gap-1" aria-label="Scopes">
          {apiKey.scopes.map((scope) => (
            <span key={scope} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-700">
              {scope}
            </span>
          ))}
        </p>
      </div>
      {active && (
        <div className="flex flex-wrap items-center gap-2">
          {confirming ? (
            <>
              <Button
                variant="secondary"
                className={`!px-3 !py-1.5 ${confirming === "revoke" ? "text-rose-700" : ""}`}
                disabled={busy}
                onClick={confirming === "revoke" ? onRevoke : onRotate}
              >
                {confirming === "revoke"
                  ? busy
                    ? "Revoking…"
                    : "Confirm revoke"
                  : busy
                    ? "Rotating…"
                    : `Confirm rotate (old secret works ${API_KEY_ROTATION_OVERLAP_DEFAULT_HOURS} h more)`}
              </Button>
              <Button variant="ghost" className="!px-3 !py-1.5" onClick={onCancel}>
                Cancel
              </Button>
            </>
          ) : (
            <>
              <Button
                variant="ghost"
                className="!px-3 !py-1.5"
                aria-label={`Rotate ${apiKey.name}`}
                onClick={() => onAsk("rotate")}
              >
                Rotate
              </Button>
              <Button
                variant="ghost"
                className="!px-3 !py-1.5"
                aria-label={`Revoke ${apiKey.name}`}
                onClick={() => onAsk("revoke")}
              >
                Revoke
              </Button>
            </>
          )}
        </div>
      )}
    </li>
  );
}
