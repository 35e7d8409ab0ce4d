"use client";

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatMoney, minorDigits } from "~/lib/money";
import { monthLabel, type MovementRow } from "~/lib/revenue";

// Colours with ≥ 3:1 contrast against white (WCAG non-text contrast), distinguishable without hue alone (order + legend).
const SERIES = [
  { key: "newMrr", label: "New", color: "#047857" },
  { key: "expansion", label: "Expansion", color: "#0369a1" },
  { key: "reactivation", label: "Reactivation", color: "#6d28d9" },
  { key: "contraction", label: "Contraction", color: "#b45309" },
  { key: "churn", label: "Churn", color: "#be123c" },
] as const;

/**
 * Stacked MRR movements per month (gains up, losses down) with the closing MRR as a line.
 * Values are plotted in major units (display only; every figure in the table is exact). The
 * chart is keyboard-focusable (Recharts' accessibility layer: arrow keys move the tooltip) and
 * the table below it carries the same numbers for screen readers.
 */
export function MovementChart({ rows, currency }: { rows: readonly MovementRow[]; currency: string }) {
  const scale = 10 ** minorDigits(currency);
  const data = rows.map((row) => ({
    month: monthLabel(row.month),
    newMrr: row.newMrr / scale,
    expansion: row.expansion / scale,
    reactivation: row.reactivation / scale,
    contraction: -row.contraction / scale,
    churn: -row.churn / scale,
    endMrr: row.endMrr / scale,
  }));
  const money = (value: number) => formatMoney(Math.round(value * scale), currency);
  const compact = (value: number) =>
    new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(value);
  return (
    <figure className="m-0">
      <figcaption className="sr-only">
        MRR movements per month in {currency}: new, expansion and reactivation above zero; contraction and churn below;
        the line is MRR at each month&apos;s close. The same figures are in the movement table.
      </figcaption>
      <div className="h-72 w-full" data-testid="revenue-chart">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart
            data={data}
            stackOffset="sign"
            margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
            accessibilityLayer
          >
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="month" tick={{ fill: "#334155", fontSize: 12 }} tickLine={false} />
            <YAxis yAxisId="movements" tick={{ fill: "#334155", fontSize: 12 }} tickFormatter={compact} width={48} />
            <YAxis
              yAxisId="mrr"
              orientation="right"
              tick={{ fill: "#334155", fontSize: 12 }}
              tickFormatter={compact}
              width={48}
            />
            <ReferenceLine yAxisId="movements" y={0} stroke="#64748b" />
            <Tooltip formatter={(value, name) => [money(Math.abs(Number(value))), name]} />
            <Legend wrapperStyle={{ fontSize: 12, color: "#334155" }} itemSorter={null} />
            {SERIES.map((series) => (
              <Bar
                key={series.key}
                yAxisId="movements"
                dataKey={series.key}
                name={series.label}
                stackId="movements"
                fill={series.color}
                isAnimationActive={false}
              />
            ))}
            <Line
              yAxisId="mrr"
              type="linear"
              dataKey="endMrr"
              name="MRR"
              stroke="#0f172a"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
