import type { AppRouter } from "@agency/api";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

/** What each procedure takes and returns, straight from the API's router type (never hand-copied). */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type ClientRecord = RouterOutputs["clients"]["get"];
export type AuditEntry = RouterOutputs["audit"]["list"]["items"][number];
