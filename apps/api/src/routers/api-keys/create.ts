import { apiKeyWithSecretSchema, createApiKeyInputSchema } from "@agency/validators";
import { createApiKey } from "../../services/api-keys/api-keys";
import { orgProcedure } from "../../trpc/trpc";

/** Creates a key with at most the caller's permissions; the answer holds its secret, shown this once. */
export const createApiKeyProcedure = orgProcedure
  .meta({
    permission: "apikey:manage",
    limit: "write",
    // The answer holds the secret: never stored for an Idempotency-Key replay.
    revealsSecret: true,
    openapi: {
      method: "POST",
      path: "/api-keys",
      tags: ["API keys"],
      successStatus: 201,
      location: "/api-keys/{key.id}",
      summary: "Create an API key",
      description:
        "Creates a key with at most the caller's own permissions as scopes (a key creating a key: at most its own scopes). The answer is the key and its `secret` (send it as `Authorization: Bearer <secret>`), shown this once; only its hash is stored.",
    },
  })
  .input(createApiKeyInputSchema)
  .output(apiKeyWithSecretSchema)
  .mutation(({ ctx, input }) => createApiKey(ctx.scope, input));
