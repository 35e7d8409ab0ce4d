import { outboxEmailSchema } from "@agency/validators";
import { z } from "zod";
import { AppError } from "../../errors/app-error";
import { readOutbox } from "../../services/mail/outbox";
import { internalProcedure } from "../../trpc/trpc";

/** The dev inbox (web server only, never in production): emails the app would have sent. */
export const outboxProcedure = internalProcedure
  .meta({ limit: "read" })
  .output(z.array(outboxEmailSchema))
  .query(({ ctx }) => {
    if (!ctx.devTools) throw new AppError("NOT_FOUND", "Not found.");
    return readOutbox(ctx.db);
  });
