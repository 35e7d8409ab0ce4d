"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { errorDataOf } from "~/lib/api-error";
import { browserTimeZone, handledTimeZone, rememberHandledTimeZone, shouldSaveBrowserTimeZone } from "~/lib/time-zone";
import { useTRPC } from "~/trpc/react";

/**
 * Saves the signed-in browser's time zone to the profile when it differs from the stored one —
 * once: at most one request per zone this browser sees (see ~/lib/time-zone), none when they
 * agree. Renders nothing; failures are silent (Settings shows the zone and lets it be changed).
 */
export function TimeZoneSync({ userId, storedTimeZone }: { userId: string; storedTimeZone: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { mutate } = useMutation(trpc.account.updateProfile.mutationOptions());
  const attempted = useRef<string | null>(null);

  useEffect(() => {
    const browser = browserTimeZone();
    if (!shouldSaveBrowserTimeZone(storedTimeZone, browser, handledTimeZone(userId))) return;
    if (attempted.current === browser) return; // this page already asked
    attempted.current = browser;
    mutate(
      { timeZone: browser },
      {
        onSuccess: (account) => {
          rememberHandledTimeZone(userId, browser);
          queryClient.setQueryData(trpc.account.me.queryKey(), account);
        },
        // A zone the API does not know (400) is not sent again; an outage or a rate limit is
        // retried on a later page load.
        onError: (error) => {
          if (errorDataOf(error).httpStatus === 400) rememberHandledTimeZone(userId, browser);
        },
      },
    );
  }, [mutate, queryClient, storedTimeZone, trpc, userId]);

  return null;
}
