import { verifyEmailInputSchema } from "@agency/validators";
import { z } from "zod";
import { verifyEmail } from "../../services/auth/email-verification";
import { internalProcedure } from "../../trpc/trpc";

/** Web server only (the link's page, after the user confirms): spends a verification link. */
export const verifyEmailProcedure = internalProcedure
  .meta({ limit: "auth" })
  .input(verifyEmailInputSchema)
  .output(z.object({ verified: z.literal(true), email: z.string() }))
  .mutation(({ ctx, input }) => verifyEmail(ctx.db, input.token, ctx.request));
