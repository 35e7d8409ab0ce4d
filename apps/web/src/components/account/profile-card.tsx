"use client";

import { knownTimeZones, sameTimeZone, updateProfileInputSchema } from "@agency/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { apiRefusalOf, fieldErrorsOf, type FieldErrors } from "~/lib/auth-flow";
import { browserTimeZone, rememberHandledTimeZone } from "~/lib/time-zone";
import { useHydrated } from "~/lib/use-hydrated";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { Badge } from "../ui/badge";
import { Card } from "../ui/card";
import { ResendVerification } from "./resend-verification";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/spinner";

/**
 * Name, email and time zone of the signed-in user; name and time zone can be changed. The zone is
 * set from the browser without asking (TimeZoneSync); here a person sees it and can correct it,
 * and the correction sticks in this browser.
 */
export function ProfileCard() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.account.me.queryOptions());
  const [errors, setErrors] = useState<FieldErrors>({});
  const update = useMutation(
    trpc.account.updateProfile.mutationOptions({
      onSuccess: (account) => {
        queryClient.setQueryData(trpc.account.me.queryKey(), account);
        router.refresh(); // the top bar shows the name from the server layout
      },
      onError: (error) => setErrors(apiRefusalOf(error).fieldErrors),
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const zone = form.get("timeZone");
    const parsed = updateProfileInputSchema.safeParse({
      name: form.get("name"),
      timeZone: typeof zone === "string" && zone !== "" ? zone : null,
    });
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error.issues));
      return;
    }
    setErrors({});
    // A zone chosen here is not replaced by this browser's own on the next page load.
    const browser = browserTimeZone();
    const userId = me.data?.id;
    update.mutate(parsed.data, {
      onSuccess: () => {
        if (browser && userId) rememberHandledTimeZone(userId, browser);
      },
    });
  }
  const nameError = errors.name;
  const zoneError = errors.timeZone;

  return (
    <Card title="Profile">
      {me.isPending && <Skeleton className="h-10 w-full" />}
      {me.isError && <ErrorState {...toUserFacingError(me.error)} onRetry={() => void me.refetch()} />}
      {me.data && (
        <div className="mb-4 max-w-xl space-y-2 text-sm text-slate-600">
          <p>
            Signed in as <span className="font-medium text-slate-900" data-testid="account-email">{me.data.email}</span>{" "}
            {me.data.emailVerified ? (
              <Badge tone="success">Confirmed</Badge>
            ) : (
              <Badge tone="warning">Not confirmed</Badge>
            )}
          </p>
          {!me.data.emailVerified && (
            <>
              <p>Confirm the address with the link we emailed you to accept invitations and use single sign-on.</p>
              <ResendVerification />
            </>
          )}
        </div>
      )}
      {me.data && (
        <form onSubmit={onSubmit} noValidate className="max-w-sm space-y-4">
          <div>
            <label htmlFor="profile-name" className="block text-sm font-medium text-slate-800">
              Name
            </label>
            <input
              id="profile-name"
              name="name"
              defaultValue={me.data.name}
              autoComplete="name"
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? "profile-name-error" : undefined}
              className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm aria-[invalid=true]:border-rose-500"
            />
            {nameError && (
              <p id="profile-name-error" className="mt-1 text-sm text-rose-700">
                {nameError}
              </p>
            )}
          </div>
          <TimeZoneField stored={me.data.timeZone} error={zoneError} />
          {update.error && !nameError && !zoneError && (
            <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
              {toUserFacingError(update.error).message}
            </p>
          )}
          {update.isSuccess && (
            <p role="status" className="text-sm text-emerald-700">
              Saved.
            </p>
          )}
          <Button type="submit" disabled={update.isPending}>
            {update.isPending ? "Saving…" : "Save profile"}
          </Button>
        </form>
      )}
    </Card>
  );
}

/**
 * The time zone as a native select (keyboard: arrows and type-ahead; screen readers read it):
 * every zone this browser knows, plus the stored one if the browser spells it otherwise.
 */
function TimeZoneField({ stored, error }: { stored: string | null; error: string | undefined }) {
  const hydrated = useHydrated();
  // The list and the browser's zone exist only in the browser: the server render shows the stored zone alone.
  const zones = useMemo(() => (hydrated ? knownTimeZones() : []), [hydrated]);
  const browser = hydrated ? browserTimeZone() : null;
  const options = stored && !zones.includes(stored) ? [stored, ...zones] : zones;
  return (
    <div>
      <label htmlFor="profile-time-zone" className="block text-sm font-medium text-slate-800">
        Time zone
      </label>
      <select
        id="profile-time-zone"
        name="timeZone"
        key={`${stored ?? ""}:${zones.length}`}
        defaultValue={stored ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "profile-time-zone-hint profile-time-zone-error" : "profile-time-zone-hint"}
        className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm aria-[invalid=true]:border-rose-500"
        data-testid="profile-time-zone"
      >
        <option value="">Not set (UTC)</option>
        {options.map((zone) => (
          <option key={zone} value={zone}>
            {zone.replaceAll("_", " ")}
          </option>
        ))}
      </select>
      <p id="profile-time-zone-hint" className="mt-1 text-sm text-slate-600">
        Your day on My work and when “due tomorrow” reaches you.
        {browser && !sameTimeZone(stored, browser) ? ` This browser is set to ${browser.replaceAll("_", " ")}.` : ""}
      </p>
      {error && (
        <p id="profile-time-zone-error" className="mt-1 text-sm text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
