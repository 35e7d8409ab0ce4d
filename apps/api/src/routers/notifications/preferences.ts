import { notificationPreferencesSchema, updateNotificationPreferencesInputSchema } from "@agency/validators";
import { z } from "zod";
import { readPreferences, updatePreferences } from "../../services/notifications/inbox";
import { authedProcedure } from "../../trpc/trpc";

/** The signed-in user's choice per kind (in-app, email), for every organization. */
export const preferencesProcedure = authedProcedure
  .meta({ limit: "read" })
  .input(z.object({}).optional())
  .output(notificationPreferencesSchema)
  .query(async ({ ctx }) => ({ items: await readPreferences(ctx.scope) }));

export const updatePreferencesProcedure = authedProcedure
  .meta({ limit: "write" })
  .input(updateNotificationPreferencesInputSchema)
  .output(notificationPreferencesSchema)
  .mutation(async ({ ctx, input }) => ({ items: await updatePreferences(ctx.scope, input) }));
