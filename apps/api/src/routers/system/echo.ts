import { echoInputSchema } from "@agency/validators";
import { z } from "zod";
import { publicProcedure } from "../../trpc/trpc";

/** Diagnostic round trip: proves validation, rate limiting and request ids end to end. */
export const echo = publicProcedure
  .meta({ limit: "write" })
  .input(echoInputSchema)
  .output(z.object({ message: z.string(), requestId: z.string(), receivedAt: z.iso.datetime() }))
  .mutation(({ ctx, input }) => ({
    message: input.message,
    requestId: ctx.requestId,
    receivedAt: new Date().toISOString(),
  }));
