"use server";

import { unsubscribeInputSchema } from "@agency/validators";
import { apiRefusalOf } from "~/lib/auth-flow";
import { serverApi } from "./internal-api";

export type UnsubscribeState =
  { status: "unsubscribed" } | { status: "link_invalid"; message: string } | { status: "error"; message: string };

/**
 * The unsubscribe page's confirm button: calls the API's internal `notifications.unsubscribe` as
 * the web server (no session needed — the sealed token in the link is the credential).
 */
export async function unsubscribeAction(_previous: UnsubscribeState | null, form: FormData): Promise<UnsubscribeState> {
  const parsed = unsubscribeInputSchema.safeParse({ token: String(form.get("token") ?? "") });
  if (!parsed.success)
    return { status: "link_invalid", message: "This link is incomplete. Copy the whole link from the email." };
  try {
    await serverApi().notifications.unsubscribe.mutate(parsed.data);
    return { status: "unsubscribed" };
  } catch (error) {
    const refusal = apiRefusalOf(error);
    if (refusal.httpStatus === 404)
      return { status: "link_invalid", message: refusal.message ?? "This link can't be used." };
    return {
      status: "error",
      message: refusal.message ?? "The service is unavailable right now. Try again in a moment.",
    };
  }
}
