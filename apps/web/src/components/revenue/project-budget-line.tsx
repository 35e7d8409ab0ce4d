import { formatMoney } from "~/lib/money";
import type { ProjectBudget } from "~/lib/revenue";

/**
 * "Invoiced $4,500 of $5,000 · $800 uninvoiced", and a warning when invoiced exceeds the budget.
 * Invoiced: lines of issued invoices (not void); uninvoiced: lines on draft invoices.
 */
export function ProjectBudgetLine({ budget }: { budget: ProjectBudget }) {
  const money = (minor: number) => formatMoney(minor, budget.currency);
  return (
    <p
      className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-700"
      data-testid="project-budget-usage"
    >
      <span>
        Invoiced {money(budget.invoiced)}
        {budget.budget !== null && <> of {money(budget.budget)}</>}
        {budget.uninvoiced !== 0 && <> · {money(budget.uninvoiced)} uninvoiced</>}
        {budget.otherCurrencies.map((other) => (
          <span key={other.currency}>
            {" "}
            · {formatMoney(other.invoiced, other.currency)} invoiced in {other.currency}
          </span>
        ))}
      </span>
      {budget.overBudget && budget.remaining !== null && (
        <span
          className="rounded-md bg-rose-50 px-1.5 py-0.5 font-semibold text-rose-800 ring-1 ring-inset ring-rose-600/20"
          role="status"
          data-testid="project-over-budget"
        >
          ⚠ Over budget by {money(-budget.remaining)}
        </span>
      )}
    </p>
  );
}
