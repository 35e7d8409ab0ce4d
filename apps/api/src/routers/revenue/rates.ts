import {
  deleteExchangeRateInputSchema,
  exchangeRateDeletedSchema,
  exchangeRateListSchema,
  exchangeRateSchema,
  listExchangeRatesInputSchema,
  setExchangeRateInputSchema,
} from "@agency/validators";
import { deleteExchangeRate, listExchangeRates, setExchangeRate } from "../../revenue/rates";
import { orgProcedure } from "../../trpc/trpc";

/** The exchange rates revenue figures are converted with (read by whoever reads revenue). */
export const listExchangeRatesProcedure = orgProcedure
  .meta({
    permission: "revenue:read",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/exchange-rates",
      tags: ["Exchange rates"],
      summary: "List exchange rates",
      description: "Recorded rates, newest day first: 1 `currency` = `rate` units of the base currency on `day`.",
    },
  })
  .input(listExchangeRatesInputSchema)
  .output(exchangeRateListSchema)
  .query(({ ctx, input }) => listExchangeRates(ctx.scope, input));

/**
 * Records a day's rate (replaces that day's rate if one exists). org:update, like the other
 * organization-wide settings: admins and owners, the same people who read revenue.
 */
export const setExchangeRateProcedure = orgProcedure
  .meta({
    permission: "org:update",
    limit: "write",
    openapi: {
      method: "POST",
      path: "/exchange-rates",
      tags: ["Exchange rates"],
      summary: "Record an exchange rate",
      description:
        "Sets the rate of `currency` into the base currency for `day` (an exact decimal string, never a float). Recording the same day again replaces it. Revenue months use the latest rate on or before their close.",
    },
  })
  .input(setExchangeRateInputSchema)
  .output(exchangeRateSchema)
  .mutation(({ ctx, input }) => setExchangeRate(ctx.scope, input));

export const deleteExchangeRateProcedure = orgProcedure
  .meta({
    permission: "org:update",
    limit: "write",
    openapi: {
      method: "DELETE",
      path: "/exchange-rates/{currency}/{day}",
      tags: ["Exchange rates"],
      summary: "Delete an exchange rate",
      description: "Deletes the rate of one currency on one day. Idempotent: `deleted` is false when there was none.",
    },
  })
  .input(deleteExchangeRateInputSchema)
  .output(exchangeRateDeletedSchema)
  .mutation(({ ctx, input }) => deleteExchangeRate(ctx.scope, input));
