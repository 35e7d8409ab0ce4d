import type { Metadata } from "next";
import { AuthPage } from "~/components/auth/auth-page";
import { Unsubscribe } from "~/components/notifications/unsubscribe";

export const metadata: Metadata = { title: "Unsubscribe from emails", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

/** Behind the link in every notification email: opening it changes nothing, the button does (mail scanners follow links). */
export default async function UnsubscribePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <AuthPage>
      <Unsubscribe token={decodeURIComponent(token)} />
    </AuthPage>
  );
}
