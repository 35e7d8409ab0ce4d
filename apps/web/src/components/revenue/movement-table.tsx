import { formatMoney } from "~/lib/money";
import { describeRates, monthLabel, type MovementRow } from "~/lib/revenue";

/** The movement table: the chart's numbers, exact, one row per month (also the chart's text alternative). */
export function MovementTable({ rows, currency }: { rows: readonly MovementRow[]; currency: string }) {
  const money = (minor: number) => formatMoney(minor, currency);
  const minus = (minor: number) => (minor === 0 ? money(0) : `−${money(minor)}`);
  return (
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="MRR movements by month (table)">
      <table className="min-w-full whitespace-nowrap text-right text-sm" data-testid="movement-table">
        <caption className="sr-only">MRR movements by month in {currency}</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="py-2 pr-3 text-left font-semibold">
              Month
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Start
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              New
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Expansion
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Reactivation
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Contraction
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Churn
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              End MRR
            </th>
            <th scope="col" className="py-2 pl-3 font-semibold">
              FX
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums text-slate-800">
          {rows.map((row) => (
            <tr key={row.month} data-testid="movement-row" data-month={row.month}>
              <th scope="row" className="py-2 pr-3 text-left font-medium text-slate-900">
                <span title={describeRates(row.ratesUsed, currency)}>{monthLabel(row.month)}</span>
                {row.missingRates.length > 0 && (
                  <span className="ml-1 text-xs font-normal text-amber-800">
                    (no rate: {row.missingRates.join(", ")})
                  </span>
                )}
              </th>
              <td className="px-3 py-2">{money(row.startMrr)}</td>
              <td className="px-3 py-2" data-col="new">
                {money(row.newMrr)}
              </td>
              <td className="px-3 py-2" data-col="expansion">
                {money(row.expansion)}
              </td>
              <td className="px-3 py-2" data-col="reactivation">
                {money(row.reactivation)}
              </td>
              <td className="px-3 py-2" data-col="contraction">
                {minus(row.contraction)}
              </td>
              <td className="px-3 py-2" data-col="churn">
                {minus(row.churn)}
              </td>
              <td className="px-3 py-2 font-semibold text-slate-900" data-col="end">
                {money(row.endMrr)}
              </td>
              <td className="py-2 pl-3 text-slate-600">{row.fxAdjustment === 0 ? "—" : money(row.fxAdjustment)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
