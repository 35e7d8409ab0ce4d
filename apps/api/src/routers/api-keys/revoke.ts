import { apiKeyIdInputSchema, apiKeySchema } from "@agency/validators";
import { revokeApiKey } from "../../services/api-keys/api-keys";
import { orgProcedure } from "../../trpc/trpc";

/** Revokes a key: it is refused from its next request on. */
export const revokeApiKeyProcedure = orgProcedure
  .meta({
    permission: "apikey:manage",
    limit: "write",
    openapi: {
      method: "DELETE",
      path: "/api-keys/{apiKeyId}",
      tags: ["API keys"],
      successStatus: 204,
      summary: "Revoke an API key",
      description:
        "The key is refused (401) from its next request on; its past actions stay in the audit log under its name.",
    },
  })
  .input(apiKeyIdInputSchema)
  .output(apiKeySchema)
  .mutation(({ ctx, input }) => revokeApiKey(ctx.scope, input.apiKeyId));
