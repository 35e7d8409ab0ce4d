import { apiKeyWithSecretSchema, rotateApiKeyInputSchema } from "@agency/validators";
import { rotateApiKey } from "../../services/api-keys/api-keys";
import { orgProcedure } from "../../trpc/trpc";

/** A new secret for a key (shown this once); the old one keeps working for the overlap window. */
export const rotateApiKeyProcedure = orgProcedure
  .meta({
    permission: "apikey:manage",
    limit: "write",
    // The answer holds the secret: never stored for an Idempotency-Key replay.
    revealsSecret: true,
    openapi: {
      method: "POST",
      path: "/api-keys/{apiKeyId}/rotate",
      tags: ["API keys"],
      summary: "Rotate an API key's secret",
      description:
        "Issues a new secret (shown this once). The previous secret keeps working for the overlap window (default 24 h), so clients can switch without downtime.",
    },
  })
  .input(rotateApiKeyInputSchema)
  .output(apiKeyWithSecretSchema)
  .mutation(({ ctx, input }) => rotateApiKey(ctx.scope, input));
