import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { TRPCClientError } from "@trpc/client";
import { AppShell } from "~/components/shell/app-shell";
import { EmptyState } from "~/components/ui/empty-state";
import { authConfigured, serverApi } from "~/server/internal-api";
import { currentSessionId } from "~/server/session";
import { activeOrgState } from "~/server/active-org";
import { StaleOrgNotice } from "~/components/organizations/stale-org-notice";

// Every request checks the session with the API: a revoked session is signed out at once.
export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  if (!authConfigured) {
    return (
      <main id="main" className="mx-auto max-w-xl p-8">
        <EmptyState
          title="Sign-in is not configured"
          description="Set INTERNAL_API_SECRET (same value for web and API) and NEXTAUTH_SECRET. `pnpm dev` sets both for you."
        />
      </main>
    );
  }
  const sessionId = await currentSessionId();
  if (!sessionId) redirect("/sign-in?callbackUrl=/app");
  const me = await serverApi(sessionId)
    .account.me.query()
    .catch((error: unknown) => {
      if (error instanceof TRPCClientError && (error.data as { httpStatus?: number } | undefined)?.httpStatus === 401) return null;
      throw error;
    });
  if (!me) redirect("/sign-in?reason=signed-out");
  const { orgs, active, lostAccess } = await activeOrgState(sessionId);
  return (
    <AppShell
      user={me}
      orgs={orgs}
      activeOrgId={active?.id ?? null}
      notice={lostAccess ? <StaleOrgNotice fallback={active} /> : null}
    >
      {children}
    </AppShell>
  );
}
