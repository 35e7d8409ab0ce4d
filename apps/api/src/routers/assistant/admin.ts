import { assistantSettingsInputSchema, assistantUsageInputSchema, assistantUsageSchema } from "@agency/validators";
import { assistantUsage, changeAssistantSettings } from "../../services/assistant/usage";
import { orgProcedure } from "../../trpc/trpc";

/** Admins: tokens and cost per member per month, the budget and what is left of it. */
export const usageProcedure = orgProcedure
  .meta({ permission: "org:update", limit: "read" })
  .input(assistantUsageInputSchema)
  .output(assistantUsageSchema)
  .query(({ ctx, input }) => assistantUsage(ctx.scope, ctx.ai.defaultBudgetMicros, input.month));

/** Admins: turn the assistant off (or on) and set the monthly budget in micro-dollars. Audited. */
export const updateSettingsProcedure = orgProcedure
  .meta({ permission: "org:update", limit: "write" })
  .input(assistantSettingsInputSchema)
  .output(assistantUsageSchema)
  .mutation(({ ctx, input }) =>
    changeAssistantSettings(ctx.scope, ctx.ai.defaultBudgetMicros, { enabled: input.enabled, monthlyBudgetMicros: input.monthlyBudgetMicros }),
  );
