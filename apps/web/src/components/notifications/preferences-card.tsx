"use client";

import { NOTIFICATION_KINDS, type NotificationKind } from "@agency/validators";

type Preference = { kind: NotificationKind; inApp: boolean; email: boolean };
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { useTRPC } from "~/trpc/react";
import { Card } from "../ui/card";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/spinner";
import { NOTIFICATION_KIND_LABELS } from "./notification-text";

/** Per kind: in the app, and by email (batched: at most one digest email every 15 minutes). Saved on change. */
export function NotificationPreferencesCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.notifications.preferences.queryKey();
  const prefs = useQuery(trpc.notifications.preferences.queryOptions());
  // What the person just chose, shown at once and kept over any read that lands meanwhile (a
  // refetch on focus must not flip a box back); dropped when the server answers.
  const [chosen, setChosen] = useState<Partial<Record<NotificationKind, Preference>>>({});
  const forget = (kind: NotificationKind) =>
    setChosen((current) => {
      const next = { ...current };
      delete next[kind];
      return next;
    });
  const save = useMutation(
    trpc.notifications.updatePreferences.mutationOptions({
      onSuccess: (next, input) => {
        queryClient.setQueryData(key, next);
        for (const item of input.items) forget(item.kind);
        void queryClient.invalidateQueries(trpc.notifications.list.pathFilter());
        void queryClient.invalidateQueries(trpc.notifications.unreadCount.pathFilter());
      },
      // A refusal puts back what is saved (and says why, below).
      onError: (_error, input) => {
        for (const item of input.items) forget(item.kind);
      },
    }),
  );
  const shown = (kind: NotificationKind) => chosen[kind] ?? prefs.data?.items.find((p) => p.kind === kind);
  const change = (kind: NotificationKind, channel: "inApp" | "email", value: boolean) => {
    const current = shown(kind);
    if (!current) return;
    const next = { ...current, [channel]: value };
    setChosen((all) => ({ ...all, [kind]: next }));
    save.mutate({ items: [next] });
  };

  return (
    <section id="notifications" aria-labelledby="notification-prefs" className="scroll-mt-20">
      <Card>
        <h2 id="notification-prefs" className="text-sm font-semibold text-slate-900">
          Notifications
        </h2>
        <p className="mt-1 mb-4 max-w-2xl text-sm text-slate-600">
          Choose what reaches your inbox and what is emailed to you. Emails are batched: at most one digest every 15
          minutes, with everything since the last one; what you already read in the app is not emailed.
        </p>
        {prefs.isPending && <Skeleton className="h-40 w-full" />}
        {prefs.isError && <ErrorState {...toUserFacingError(prefs.error)} onRetry={() => void prefs.refetch()} />}
        {prefs.data && (
          <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Notification preferences">
            <table className="w-full max-w-2xl text-left text-sm">
              <thead>
                <tr className="border-b border-slate-200 text-slate-700">
                  <th scope="col" className="py-2 pr-4 font-medium">
                    When
                  </th>
                  <th scope="col" className="w-20 py-2 pr-4 text-center font-medium">
                    In app
                  </th>
                  <th scope="col" className="w-20 py-2 text-center font-medium">
                    Email
                  </th>
                </tr>
              </thead>
              <tbody>
                {NOTIFICATION_KINDS.map((kind) => {
                  const pref = shown(kind)!;
                  const { label, hint } = NOTIFICATION_KIND_LABELS[kind];
                  return (
                    <tr key={kind} className="border-b border-slate-100 last:border-0">
                      <th scope="row" className="py-2 pr-4 font-normal">
                        <span className="block font-medium text-slate-900">{label}</span>
                        <span className="block text-xs text-slate-600">{hint}</span>
                      </th>
                      <td className="py-2 pr-4 text-center">
                        <input
                          type="checkbox"
                          className="size-4"
                          aria-label={`${label} in the app`}
                          checked={pref.inApp}
                          onChange={(event) => change(kind, "inApp", event.target.checked)}
                        />
                      </td>
                      <td className="py-2 text-center">
                        <input
                          type="checkbox"
                          className="size-4"
                          aria-label={`${label} by email`}
                          checked={pref.email}
                          onChange={(event) => change(kind, "email", event.target.checked)}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {save.isError && (
          <p role="alert" className="mt-2 text-sm text-rose-700">
            {toUserFacingError(save.error).message}
          </p>
        )}
      </Card>
    </section>
  );
}
