import { apiKeySchema, orgIdInputSchema } from "@agency/validators";
import { z } from "zod";
import { listApiKeys } from "../../services/api-keys/api-keys";
import { orgProcedure } from "../../trpc/trpc";

/** The organization's API keys, newest first, revoked ones included: prefixes, never secrets. */
export const listApiKeysProcedure = orgProcedure
  .meta({
    permission: "apikey:manage",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/api-keys",
      tags: ["API keys"],
      summary: "List API keys",
      description:
        "The organization's API keys, newest first, revoked ones included: names, prefixes, scopes, last use and expiry — never secrets.",
    },
  })
  .input(orgIdInputSchema)
  .output(z.array(apiKeySchema))
  .query(({ ctx }) => listApiKeys(ctx.scope));
