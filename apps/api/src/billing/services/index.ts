/** The billing services (signatures: ../README-services.md). */
export * from "./scope";
export * from "./ledger";
export * from "./retainers";
export * from "./invoices";
export * from "./payments";
export { proration, periodContaining, chargeFor, addMonths } from "./periods";
