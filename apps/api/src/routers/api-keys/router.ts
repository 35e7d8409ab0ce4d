import { router } from "../../trpc/trpc";
import { createApiKeyProcedure } from "./create";
import { listApiKeysProcedure } from "./list";
import { revokeApiKeyProcedure } from "./revoke";
import { rotateApiKeyProcedure } from "./rotate";

export const apiKeysRouter = router({
  list: listApiKeysProcedure,
  create: createApiKeyProcedure,
  revoke: revokeApiKeyProcedure,
  rotate: rotateApiKeyProcedure,
});
