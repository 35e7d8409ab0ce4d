"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toUserFacingError } from "~/lib/api-error";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";

/**
 * "Send a new link" for the signed-in user's unconfirmed email (account.resendVerification,
 * through the proxy as the browser's session): sending, sent, already confirmed, or the API's
 * refusal (429 when the address got several mails recently) — then it can be tried again.
 */
export function ResendVerification({ variant = "secondary", className = "" }: { variant?: "primary" | "secondary"; className?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const resend = useMutation(
    trpc.account.resendVerification.mutationOptions({
      // Confirmed in the meantime (another tab, another device): the page's banner and notices go away.
      onSuccess: (result) => {
        if (result.alreadyVerified) router.refresh();
      },
    }),
  );
  const sent = resend.isSuccess && resend.data.sent;
  const alreadyVerified = resend.isSuccess && resend.data.alreadyVerified;
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2" data-testid="resend-verification">
      {!sent && !alreadyVerified && (
        <Button variant={variant} className={className} disabled={resend.isPending} onClick={() => resend.mutate()}>
          {resend.isPending ? "Sending…" : resend.isError ? "Try again" : "Send a new link"}
        </Button>
      )}
      <span aria-live="polite" className="text-sm">
        {sent && <span className="font-medium text-emerald-800">New link sent — check your inbox (and spam). Older links no longer work.</span>}
        {alreadyVerified && <span className="font-medium text-emerald-800">Your email address is already confirmed.</span>}
        {resend.isError && <span className="text-rose-800">{toUserFacingError(resend.error).message}</span>}
      </span>
    </div>
  );
}
