import { TRPCClientError } from "@trpc/client";
import { serverApi } from "./internal-api";
import { currentSessionId } from "./session";

/** The signed-in account (account.me) for pages outside /app; null when signed out or the session ended. */
export async function currentAccount() {
  const sessionId = await currentSessionId();
  if (!sessionId) return null;
  return serverApi(sessionId)
    .account.me.query()
    .catch((error: unknown) => {
      if (error instanceof TRPCClientError && (error.data as { httpStatus?: number } | undefined)?.httpStatus === 401) return null;
      throw error;
    });
}
