"use client";

import { clientSchema } from "@agency/validators";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { conflictCurrent, isNotFound } from "~/lib/api-conflict";
import { toUserFacingError } from "~/lib/api-error";
import {
  applyClientPatch,
  changedFields,
  clientPatch,
  formValuesOf,
  parseClientForm,
  type ClientFormErrors,
  type ClientFormValues,
} from "~/lib/client-form";
import type { ClientRecord } from "~/lib/router-types";
import { useHydrated } from "~/lib/use-hydrated";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { InlineAlert } from "../ui/inline-alert";
import { ClientConflictNotice } from "./client-conflict-notice";
import { ClientFormFields } from "./client-form-fields";
import { useClientCache } from "./use-client-cache";

type Message = { tone: "success" | "info" | "error"; text: string };

/**
 * Edits a client against the version it was loaded from (`expectedVersion`).
 * The page shows the new values at once (optimistic) and goes back if the API
 * refuses; a stale version opens the conflict notice with the latest record.
 */
export function ClientEditor({ orgId, client }: { orgId: string; client: ClientRecord }) {
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const cache = useClientCache(orgId, client.id);
  const [baseline, setBaseline] = useState(client);
  const [values, setValues] = useState<ClientFormValues>(() => formValuesOf(client));
  const [errors, setErrors] = useState<ClientFormErrors>({});
  const [conflict, setConflict] = useState<ClientRecord | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const dirty = changedFields(values, formValuesOf(baseline)).length > 0;

  // A newer version came in (refetch on focus, a save elsewhere in this tab): take it, unless the user is editing.
  const [seenVersion, setSeenVersion] = useState(client.version);
  if (client.version !== seenVersion) {
    setSeenVersion(client.version);
    if (!dirty && !conflict && client.version > baseline.version) {
      setBaseline(client);
      setValues(formValuesOf(client));
    }
  }

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const update = useMutation(
    trpc.clients.update.mutationOptions({
      onMutate: async (input) => {
        await cache.cancel();
        const previous = cache.read();
        if (previous) cache.write(applyClientPatch(previous, input.patch));
        return { previous };
      },
      onError: (error, _input, context) => {
        cache.write(context?.previous);
        const latest = conflictCurrent(error, clientSchema);
        if (latest) {
          cache.write(latest);
          setConflict(latest);
          return;
        }
        setMessage({ tone: "error", text: toUserFacingError(error).message });
        if (isNotFound(error)) void cache.refetch();
      },
      onSuccess: (saved) => {
        cache.write(saved);
        setBaseline(saved);
        setValues(formValuesOf(saved));
        setMessage({ tone: "success", text: "Saved." });
        void cache.refetchLists();
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parseClientForm(values);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      setMessage(null);
      const first = Object.keys(parsed.errors)[0];
      if (first) event.currentTarget.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setErrors({});
    const patch = clientPatch(baseline, parsed.data);
    if (!patch) {
      setMessage({ tone: "info", text: "Nothing to save: no field has changed." });
      return;
    }
    setMessage(null);
    setConflict(null);
    update.mutate({ orgId, clientId: client.id, expectedVersion: baseline.version, patch });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Edit client" className="space-y-4">
      {conflict && (
        <ClientConflictNotice
          baseline={baseline}
          latest={conflict}
          onLoadLatest={() => {
            setBaseline(conflict);
            setValues(formValuesOf(conflict));
            setErrors({});
            setConflict(null);
            setMessage({ tone: "info", text: "Loaded the latest version. Make your changes again if they are still needed." });
          }}
          onKeepMine={() => {
            setBaseline(conflict);
            setConflict(null);
            setMessage({ tone: "info", text: "Your changes are still in the form. Saving now replaces the latest version." });
          }}
        />
      )}
      <ClientFormFields
        idPrefix="edit-client"
        values={values}
        errors={errors}
        disabled={update.isPending}
        onChange={(field, value) => {
          setValues((current) => ({ ...current, [field]: value }));
          if (errors[field]) setErrors((current) => ({ ...current, [field]: undefined }));
          if (message?.tone === "success") setMessage(null);
        }}
      />
      {message && (
        <InlineAlert tone={message.tone} testId="client-save-message">
          {message.text}
        </InlineAlert>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={update.isPending || !hydrated || Boolean(conflict)}>
          {update.isPending ? "Saving…" : "Save changes"}
        </Button>
        {dirty && !update.isPending && (
          <Button
            variant="ghost"
            onClick={() => {
              setValues(formValuesOf(baseline));
              setErrors({});
              setMessage(null);
            }}
          >
            Discard changes
          </Button>
        )}
        {dirty && <span className="text-xs text-slate-500">Unsaved changes</span>}
      </div>
    </form>
  );
}
