"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { toUserFacingError } from "~/lib/api-error";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/spinner";

function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser = /Firefox\//.test(userAgent) ? "Firefox" : /Edg\//.test(userAgent) ? "Edge" : /Chrome\//.test(userAgent) ? "Chrome" : /Safari\//.test(userAgent) ? "Safari" : "Browser";
  const os = /Windows/.test(userAgent) ? "Windows" : /Mac OS X/.test(userAgent) ? "macOS" : /Android/.test(userAgent) ? "Android" : /iPhone|iPad/.test(userAgent) ? "iOS" : /Linux/.test(userAgent) ? "Linux" : "";
  return os ? `${browser} on ${os}` : browser;
}

/** Active sessions with per-device sign-out and "sign out everywhere". */
export function SessionsCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.account.sessions.queryOptions());
  const revoke = useMutation(
    trpc.account.revokeSession.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.account.sessions.queryKey() }) }),
  );
  const everywhere = useMutation(
    trpc.account.signOutEverywhere.mutationOptions({ onSuccess: () => void signOut({ callbackUrl: "/sign-in?reason=signed-out" }) }),
  );

  return (
    <Card
      title="Active sessions"
      action={
        <Button variant="secondary" disabled={everywhere.isPending} onClick={() => everywhere.mutate()}>
          Sign out everywhere
        </Button>
      }
    >
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
                <p className="text-xs text-slate-500">Last active {new Date(session.lastSeenAt).toLocaleString()}</p>
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
