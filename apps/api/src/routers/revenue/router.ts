import { router } from "../../trpc/trpc";
import { revenueClientsProcedure } from "./clients";
import { revenueMovementsProcedure } from "./movements";
import { projectBudgetsProcedure } from "./project-budgets";
import { deleteExchangeRateProcedure, listExchangeRatesProcedure, setExchangeRateProcedure } from "./rates";
import { revenueSettingsProcedure, updateRevenueSettingsProcedure } from "./settings";
import { revenueSummaryProcedure } from "./summary";

/** Revenue: MRR, movements, per-client figures, exchange rates, base currency, project budgets. */
export const revenueRouter = router({
  summary: revenueSummaryProcedure,
  movements: revenueMovementsProcedure,
  clients: revenueClientsProcedure,
  listRates: listExchangeRatesProcedure,
  setRate: setExchangeRateProcedure,
  deleteRate: deleteExchangeRateProcedure,
  settings: revenueSettingsProcedure,
  updateSettings: updateRevenueSettingsProcedure,
  projectBudgets: projectBudgetsProcedure,
});
