import { apiKeyWithSecretSchema, createApiKeyInputSchema } from "@agency/validators";
import { createApiKey } from "../../services/api-keys/api-keys";
import { orgProcedure } from "../../trpc/trpc";

/** Creates a key with at most the caller's permissions; the answer holds its secret, shown this once. */
export const createApiKeyProcedure = orgProcedure
  .meta({ permission: "apikey:manage", limit: "write" })
  .input(createApiKeyInputSchema)
  .output(apiKeyWithSecretSchema)
  .mutation(({ ctx, input }) => createApiKey(ctx.scope, input));
