"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { EMPTY_CLIENT_FORM, parseClientForm, type ClientFormErrors, type ClientFormValues } from "~/lib/client-form";
import type { ClientRecord } from "~/lib/router-types";
import { useHydrated } from "~/lib/use-hydrated";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { InlineAlert } from "../ui/inline-alert";
import { ClientFormFields } from "./client-form-fields";

/** New client: validated with the shared schema before it is sent; Escape cancels. */
export function CreateClientForm({
  orgId,
  onCreated,
  onCancel,
}: {
  orgId: string;
  onCreated: (client: ClientRecord) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hydrated = useHydrated();
  const [values, setValues] = useState<ClientFormValues>(EMPTY_CLIENT_FORM);
  const [errors, setErrors] = useState<ClientFormErrors>({});
  const create = useMutation(
    trpc.clients.create.mutationOptions({
      onSuccess: (client) => {
        void queryClient.invalidateQueries(trpc.clients.list.infiniteQueryFilter({ orgId }));
        onCreated(client);
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parseClientForm(values);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      const first = Object.keys(parsed.errors)[0];
      if (first) event.currentTarget.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setErrors({});
    create.mutate({ orgId, ...parsed.data });
  }

  return (
    <Card title="New client">
      <form
        onSubmit={onSubmit}
        noValidate
        aria-label="New client"
        onKeyDown={(event) => {
          if (event.key === "Escape") onCancel();
        }}
        className="space-y-4"
      >
        <ClientFormFields
          idPrefix="new-client"
          values={values}
          errors={errors}
          autoFocus
          disabled={create.isPending}
          onChange={(field, value) => {
            setValues((current) => ({ ...current, [field]: value }));
            if (errors[field]) setErrors((current) => ({ ...current, [field]: undefined }));
          }}
        />
        {create.error && <InlineAlert tone="error">{toUserFacingError(create.error).message}</InlineAlert>}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={create.isPending || !hydrated}>
            {create.isPending ? "Creating…" : "Create client"}
          </Button>
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}
