import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ClientDetail } from "~/components/clients/client-detail";
import { NoOrganization } from "~/components/ui/no-organization";
import { activeOrgState } from "~/server/active-org";
import { currentSessionId } from "~/server/session";

export const metadata: Metadata = { title: "Client" };

const clientIdSchema = z.uuid();

export default async function ClientRoute({ params }: { params: Promise<{ clientId: string }> }) {
  const { clientId } = await params;
  if (!clientIdSchema.safeParse(clientId).success) notFound();
  const sessionId = await currentSessionId();
  if (!sessionId) return null; // the layout has already sent this request to sign-in
  const { active } = await activeOrgState(sessionId);
  if (!active) return <NoOrganization section="Clients" belongings="Clients" />;
  return <ClientDetail key={`${active.id}:${clientId}`} org={{ id: active.id, name: active.name, role: active.role }} clientId={clientId} />;
}
