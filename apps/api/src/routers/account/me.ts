import { accountSchema } from "@agency/validators";
import { getAccount } from "../../services/auth/account";
import { authedProcedure } from "../../trpc/trpc";

/** The signed-in user's own account. */
export const meProcedure = authedProcedure
  .meta({ limit: "read" })
  .output(accountSchema)
  .query(({ ctx }) => getAccount(ctx.scope));
