import type { Metadata } from "next";
import Link from "next/link";
import { Inbox } from "~/components/notifications/inbox";
import { NoOrganization } from "~/components/ui/no-organization";
import { activeOrgState } from "~/server/active-org";
import { serverApi } from "~/server/internal-api";
import { currentSessionId } from "~/server/session";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsRoute() {
  const sessionId = await currentSessionId();
  if (!sessionId) return null; // the layout has already sent this request to sign-in
  const { active } = await activeOrgState(sessionId);
  if (!active) return <NoOrganization section="Notifications" belongings="Notifications" />;
  // The first page comes with the page; a failure here is shown (and retried) by the client.
  const initial = await serverApi(sessionId)
    .notifications.list.query({ orgId: active.id, limit: 30 })
    .catch(() => null);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Notifications</h1>
        <p className="mt-1 text-sm text-slate-600">
          What happened on your tasks in {active.name}.{" "}
          <Link href="/app/settings#notifications" className="font-medium text-brand-700 underline">
            Choose what you hear about
          </Link>
          .
        </p>
      </div>
      <Inbox key={active.id} orgId={active.id} initial={initial} />
    </div>
  );
}
