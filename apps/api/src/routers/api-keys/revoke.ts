import { apiKeyIdInputSchema, apiKeySchema } from "@agency/validators";
import { revokeApiKey } from "../../services/api-keys/api-keys";
import { orgProcedure } from "../../trpc/trpc";

/** Revokes a key: it is refused from its next request on. */
export const revokeApiKeyProcedure = orgProcedure
  .meta({ permission: "apikey:manage", limit: "write" })
  .input(apiKeyIdInputSchema)
  .output(apiKeySchema)
  .mutation(({ ctx, input }) => revokeApiKey(ctx.scope, input.apiKeyId));
