"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { activateOrganization } from "~/app/app/org-actions";

/** The active-org cookie names an organization the user lost access to (removed, or left): say so. */
export function StaleOrgNotice({ fallback }: { fallback: { id: string; name: string } | null }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <div
      role="status"
      data-testid="lost-org-notice"
      className="mb-6 flex flex-wrap items-center gap-3 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-600/20"
    >
      <p className="min-w-0 flex-1">
        You no longer have access to the organization you were working in.{" "}
        {fallback ? `Showing ${fallback.name} instead.` : "Create an organization or ask for a new invitation."}
      </p>
      {fallback && (
        <button
          type="button"
          disabled={pending}
          className="rounded-md px-2 py-1 font-medium hover:bg-amber-100"
          onClick={() =>
            startTransition(async () => {
              await activateOrganization(fallback.id);
              router.refresh();
            })
          }
        >
          Dismiss
        </button>
      )}
    </div>
  );
}
