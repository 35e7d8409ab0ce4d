import { router } from "../../trpc/trpc";
import { createApiKeyProcedure } from "./create";
import { getApiKeyProcedure } from "./get";
import { listApiKeysProcedure } from "./list";
import { revokeApiKeyProcedure } from "./revoke";
import { rotateApiKeyProcedure } from "./rotate";

export const apiKeysRouter = router({
  list: listApiKeysProcedure,
  get: getApiKeyProcedure,
  create: createApiKeyProcedure,
  revoke: revokeApiKeyProcedure,
  rotate: rotateApiKeyProcedure,
});
