export { computeRevenue, type RevenueInput } from "./engine";
export { summarize, type RevenueSummary } from "./metrics";
export { currencyExponent, formatMinor, parseDecimal, ratioBp, roundHalfUp } from "./money-math";
export { addMonths, type MonthKey, monthKeyOf, monthRange } from "./months";
export type * from "./types";
