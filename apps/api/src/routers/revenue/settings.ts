import { orgIdInputSchema, revenueSettingsSchema, updateRevenueSettingsInputSchema } from "@agency/validators";
import { getRevenueSettings, updateRevenueSettings } from "../../revenue/rates";
import { orgProcedure } from "../../trpc/trpc";

export const revenueSettingsProcedure = orgProcedure
  .meta({
    permission: "revenue:read",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/revenue/settings",
      tags: ["Revenue"],
      summary: "Revenue settings",
      description: "The organization's base currency: every revenue figure is reported in it.",
    },
  })
  .input(orgIdInputSchema)
  .output(revenueSettingsSchema)
  .query(({ ctx }) => getRevenueSettings(ctx.scope));

export const updateRevenueSettingsProcedure = orgProcedure
  .meta({
    permission: "org:update",
    limit: "write",
    openapi: {
      method: "PATCH",
      path: "/revenue/settings",
      tags: ["Revenue"],
      summary: "Change the base currency",
      description:
        "Sets the currency revenue is reported in. Past months are re-valued at the recorded rates on the next read (nothing is stored per figure).",
    },
  })
  .input(updateRevenueSettingsInputSchema)
  .output(revenueSettingsSchema)
  .mutation(({ ctx, input }) => updateRevenueSettings(ctx.scope, input));
