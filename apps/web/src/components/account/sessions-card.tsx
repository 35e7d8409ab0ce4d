"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { signOut } from "next-auth/react";
import { toUserFacingError } from "~/lib/api-error";
import { formatDateTime } from "~/lib/dates";
import { describeDevice } from "~/lib/user-agent";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/spinner";

/** Active sessions with per-device sign-out and "sign out everywhere" (after a confirmation). */
export function SessionsCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.account.sessions.queryOptions());
  const revoke = useMutation(
    trpc.account.revokeSession.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.account.sessions.queryKey() }) }),
  );
  const [confirming, setConfirming] = useState(false);
  const [cancelled, setCancelled] = useState(false);
  const cancel = () => {
    setConfirming(false);
    setCancelled(true);
  };
  const everywhere = useMutation(
    trpc.account.signOutEverywhere.mutationOptions({ onSuccess: () => void signOut({ callbackUrl: "/sign-in?reason=signed-out" }) }),
  );

  return (
    <Card
      title="Active sessions"
      action={
        confirming ? null : (
          // Back from the confirmation, the focus returns here (never on the page's first render).
          <Button variant="secondary" autoFocus={cancelled} onClick={() => setConfirming(true)}>
            Sign out everywhere
          </Button>
        )
      }
    >
      {confirming && (
        <div
          role="group"
          aria-label="Confirm signing out everywhere"
          className="mb-3 flex flex-wrap items-center gap-2 rounded-lg bg-amber-50 p-3 ring-1 ring-amber-200"
          onKeyDown={(event) => {
            if (event.key === "Escape") cancel();
          }}
        >
          <span className="text-sm text-slate-800">
            Sign out of every device, this one included? You will need your password to sign in again.
          </span>
          <Button
            variant="secondary"
            className="text-rose-700"
            autoFocus
            disabled={everywhere.isPending}
            onClick={() => everywhere.mutate(undefined, { onError: cancel })}
          >
            {everywhere.isPending ? "Signing out…" : "Yes, sign out everywhere"}
          </Button>
          <Button variant="ghost" disabled={everywhere.isPending} onClick={cancel}>
            Cancel
          </Button>
        </div>
      )}
      {sessions.isPending && <Skeleton className="h-16 w-full" />}
      {sessions.isError && <ErrorState {...toUserFacingError(sessions.error)} onRetry={() => void sessions.refetch()} />}
      {(revoke.error || everywhere.error) && <ErrorState {...toUserFacingError(revoke.error ?? everywhere.error)} />}
      {sessions.data && (
        <ul className="divide-y divide-slate-100" data-testid="sessions-list">
          {sessions.data.map((session) => (
            <li key={session.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div>
                <p className="text-sm font-medium text-slate-900">
                  {describeDevice(session.userAgent)}
                  {session.current && <span className="ml-2 rounded bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-700">This device</span>}
                </p>
                <p className="text-xs text-slate-500">Last active <time dateTime={session.lastSeenAt}>{formatDateTime(session.lastSeenAt)}</time></p>
              </div>
              {!session.current && (
                <Button variant="ghost" disabled={revoke.isPending} onClick={() => revoke.mutate({ sessionId: session.id })}>
                  Sign out
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
