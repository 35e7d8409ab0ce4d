import { sessionSummarySchema } from "@agency/validators";
import { z } from "zod";
import { listSessions } from "../../services/auth/sessions";
import { authedProcedure } from "../../trpc/trpc";

/** The user's open sessions (devices), newest activity first; the current one is flagged. */
export const sessionsProcedure = authedProcedure
  .meta({ limit: "read" })
  .output(z.array(sessionSummarySchema))
  .query(({ ctx }) => listSessions(ctx.scope));
