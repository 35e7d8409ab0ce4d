import type { Metadata } from "next";
import Link from "next/link";
import { ConnectionIndicator } from "~/components/status/connection-indicator";
import { HeartbeatProvider } from "~/components/status/heartbeat";
import { SystemStatusPanel } from "~/components/status/system-status-panel";
import { ButtonLink } from "~/components/ui/button";

export const metadata: Metadata = { title: "System status" };

export default function StatusPage() {
  return (
    <HeartbeatProvider>
      <div className="min-h-dvh">
        <header className="mx-auto flex max-w-4xl items-center justify-between gap-3 px-4 py-5 sm:px-6">
          <Link href="/" className="flex items-center gap-2 whitespace-nowrap rounded-md font-semibold text-slate-900">
            <span aria-hidden className="grid size-7 place-items-center rounded-lg bg-brand-600 text-sm text-white">
              A
            </span>
            Agency OS
          </Link>
          <div className="flex items-center gap-4">
            <ConnectionIndicator />
            <ButtonLink href="/app" variant="secondary" className="whitespace-nowrap">
              Open the app
            </ButtonLink>
          </div>
        </header>
        <main id="main" className="mx-auto max-w-4xl px-4 pb-16 sm:px-6">
          <h1 className="text-2xl font-bold tracking-tight text-slate-900">System status</h1>
          <p className="mb-6 mt-1 text-sm text-slate-600">
            Whether Agency OS is up, checked live through this site&apos;s own origin.
          </p>
          <SystemStatusPanel headline />
        </main>
      </div>
    </HeartbeatProvider>
  );
}
