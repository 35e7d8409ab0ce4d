import { apiKeyWithSecretSchema, rotateApiKeyInputSchema } from "@agency/validators";
import { rotateApiKey } from "../../services/api-keys/api-keys";
import { orgProcedure } from "../../trpc/trpc";

/** A new secret for a key (shown this once); the old one keeps working for the overlap window. */
export const rotateApiKeyProcedure = orgProcedure
  .meta({ permission: "apikey:manage", limit: "write" })
  .input(rotateApiKeyInputSchema)
  .output(apiKeyWithSecretSchema)
  .mutation(({ ctx, input }) => rotateApiKey(ctx.scope, input));
