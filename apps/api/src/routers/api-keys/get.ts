import { apiKeyIdInputSchema, apiKeySchema } from "@agency/validators";
import { getApiKey } from "../../services/api-keys/api-keys";
import { orgProcedure } from "../../trpc/trpc";

/** One key, revoked ones included: its prefix, never its secret. Where `POST /api-keys` points (`Location`). */
export const getApiKeyProcedure = orgProcedure
  .meta({
    permission: "apikey:manage",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/api-keys/{apiKeyId}",
      tags: ["API keys"],
      summary: "Get an API key",
      description:
        "One API key of the organization: name, prefix, scopes, status, last use and expiry — never its secret.",
    },
  })
  .input(apiKeyIdInputSchema)
  .output(apiKeySchema)
  .query(({ ctx, input }) => getApiKey(ctx.scope, input.apiKeyId));
