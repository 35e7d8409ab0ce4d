"use client";

import { createOrganizationInputSchema, slugify } from "@agency/validators";
import { useMutation } from "@tanstack/react-query";
import { useState, useTransition, type FormEvent } from "react";
import { activateOrganization } from "~/app/app/org-actions";
import { toUserFacingError } from "~/lib/api-error";
import { useHydrated } from "~/lib/use-hydrated";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { Card } from "../ui/card";

export const inputClass =
  "mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm aria-[invalid=true]:border-rose-500";

type Field = "name" | "slug";

/** New organization: name and an optional address (slug); on success it becomes active and the members page opens. */
export function CreateOrgForm() {
  const trpc = useTRPC();
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [name, setName] = useState("");
  const [activationError, setActivationError] = useState<string | null>(null);
  const [activating, startTransition] = useTransition();
  const create = useMutation(trpc.organizations.create.mutationOptions());
  const hydrated = useHydrated();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const slug = String(data.get("slug") ?? "").trim();
    const parsed = createOrganizationInputSchema.safeParse({ name: data.get("name"), slug: slug || undefined });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [issue.path[0], issue.message])));
      return;
    }
    setErrors({});
    setActivationError(null);
    create.mutate(parsed.data, {
      onSuccess: (org) =>
        startTransition(async () => {
          const result = await activateOrganization(org.id, "/app/organization");
          if (result?.error) setActivationError(result.error);
        }),
    });
  }

  const apiError = create.error ? toUserFacingError(create.error) : null;
  const busy = create.isPending || activating || (create.isSuccess && !activationError);
  return (
    <Card>
      <form onSubmit={onSubmit} noValidate className="max-w-md space-y-4">
        <div>
          <label htmlFor="org-name" className="block text-sm font-medium text-slate-800">
            Organization name
          </label>
          <input
            id="org-name"
            name="name"
            autoComplete="organization"
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? "org-name-error" : undefined}
            className={inputClass}
          />
          {errors.name && (
            <p id="org-name-error" className="mt-1 text-sm text-rose-700">
              {errors.name}
            </p>
          )}
        </div>
        <div>
          <label htmlFor="org-slug" className="block text-sm font-medium text-slate-800">
            Address <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            id="org-slug"
            name="slug"
            autoCapitalize="none"
            spellCheck={false}
            placeholder={name.trim().length >= 2 ? slugify(name) : "northwind-agency"}
            aria-invalid={errors.slug ? true : undefined}
            aria-describedby={errors.slug ? "org-slug-error org-slug-help" : "org-slug-help"}
            className={inputClass}
          />
          <p id="org-slug-help" className="mt-1 text-xs text-slate-500">
            Lower-case letters, digits and hyphens. Left empty, one is made from the name.
          </p>
          {errors.slug && (
            <p id="org-slug-error" className="mt-1 text-sm text-rose-700">
              {errors.slug}
            </p>
          )}
        </div>
        {(apiError || activationError) && (
          <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {apiError?.message ?? activationError}
          </p>
        )}
        <Button type="submit" disabled={busy || !hydrated}>
          {busy ? "Creating…" : "Create organization"}
        </Button>
      </form>
    </Card>
  );
}
