"use client";

import { useState } from "react";
import { formatDate } from "~/lib/format-date";
import { formatMoney } from "~/lib/money";
import { sortClients, type ClientSortKey, type RevenueClientRow } from "~/lib/revenue";

const COLUMNS: { key: ClientSortKey; label: string; numeric: boolean }[] = [
  { key: "clientName", label: "Client", numeric: false },
  { key: "mrr", label: "MRR", numeric: true },
  { key: "change", label: "Change", numeric: true },
  { key: "retainers", label: "Retainers", numeric: true },
  { key: "outstanding", label: "Outstanding", numeric: true },
  { key: "lastPaymentAt", label: "Last payment", numeric: true },
];

const MOVEMENT_LABEL: Record<RevenueClientRow["movement"], string> = {
  new: "new",
  expansion: "expansion",
  reactivation: "reactivation",
  contraction: "contraction",
  churn: "churned",
  none: "",
};

/** Per-client revenue, sortable by every column (buttons in the headers; aria-sort says the order). */
export function ClientTable({ rows, currency }: { rows: readonly RevenueClientRow[]; currency: string }) {
  const [sort, setSort] = useState<{ key: ClientSortKey; direction: "asc" | "desc" }>({
    key: "mrr",
    direction: "desc",
  });
  const sorted = sortClients(rows, sort.key, sort.direction);
  const toggle = (key: ClientSortKey) =>
    setSort((current) =>
      current.key === key
        ? { key, direction: current.direction === "asc" ? "desc" : "asc" }
        : { key, direction: key === "clientName" ? "asc" : "desc" },
    );
  const money = (minor: number) => formatMoney(minor, currency);
  return (
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Revenue per client">
      <table className="min-w-full whitespace-nowrap text-sm" data-testid="client-table">
        <caption className="sr-only">Revenue per client in {currency}; column headers sort the table</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-600">
          <tr>
            {COLUMNS.map((column) => (
              <th
                key={column.key}
                scope="col"
                aria-sort={sort.key === column.key ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}
                className={`py-2 font-semibold ${column.numeric ? "px-3 text-right" : "pr-3 text-left"}`}
              >
                <button
                  type="button"
                  onClick={() => toggle(column.key)}
                  className="inline-flex items-center gap-1 rounded uppercase hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600"
                >
                  {column.label}
                  <span aria-hidden>{sort.key === column.key ? (sort.direction === "asc" ? "▲" : "▼") : "↕"}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums text-slate-800">
          {sorted.map((row) => (
            <tr key={row.clientId} data-testid="client-revenue-row" data-client={row.clientName}>
              <th scope="row" className="py-2 pr-3 text-left font-medium text-slate-900">
                {row.clientName}
              </th>
              <td className="px-3 py-2 text-right" data-col="mrr">
                {money(row.mrr)}
              </td>
              <td
                className={`px-3 py-2 text-right ${row.change > 0 ? "text-emerald-800" : row.change < 0 ? "text-rose-800" : "text-slate-600"}`}
                data-col="change"
              >
                {row.change === 0 ? "—" : `${row.change > 0 ? "+" : "−"}${money(Math.abs(row.change))}`}
                {MOVEMENT_LABEL[row.movement] && <span className="ml-1 text-xs">({MOVEMENT_LABEL[row.movement]})</span>}
              </td>
              <td className="px-3 py-2 text-right" data-col="retainers">
                {row.retainers}
              </td>
              <td className="px-3 py-2 text-right" data-col="outstanding">
                {row.outstanding.length === 0
                  ? "—"
                  : row.outstanding.map((owed) => formatMoney(owed.amount, owed.currency)).join(", ")}
              </td>
              <td className="px-3 py-2 text-right" data-col="last-payment">
                {row.lastPaymentAt && row.lastPayment
                  ? `${formatMoney(row.lastPayment.amount, row.lastPayment.currency)} · ${formatDate(row.lastPaymentAt.slice(0, 10))}`
                  : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
