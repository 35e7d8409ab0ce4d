"use client";

import { updateProfileInputSchema } from "@agency/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { Badge } from "../ui/badge";
import { Card } from "../ui/card";
import { ResendVerification } from "./resend-verification";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/spinner";

/** Name and email of the signed-in user; the name can be changed. */
export function ProfileCard() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.account.me.queryOptions());
  const [nameError, setNameError] = useState<string | null>(null);
  const update = useMutation(
    trpc.account.updateProfile.mutationOptions({
      onSuccess: (account) => {
        queryClient.setQueryData(trpc.account.me.queryKey(), account);
        router.refresh(); // the top bar shows the name from the server layout
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = updateProfileInputSchema.safeParse(Object.fromEntries(new FormData(event.currentTarget)));
    if (!parsed.success) {
      setNameError(parsed.error.issues[0]?.message ?? "Invalid name");
      return;
    }
    setNameError(null);
    update.mutate(parsed.data);
  }

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
              className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm aria-[invalid=true]:border-rose-500"
            />
            {nameError && <p className="mt-1 text-sm text-rose-700">{nameError}</p>}
          </div>
          {update.error && (
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
