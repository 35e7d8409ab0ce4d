import type { TransactionClient } from "@agency/db";

export type UsageOutcome = "ok" | "error" | "aborted" | "timeout";

export interface UsageRow {
  orgId: string;
  userId: string | null;
  feature: string;
  route: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costMicros: number;
  latencyMs: number;
  firstTokenMs: number | null;
  cacheHit: boolean;
  fallbackCount: number;
  outcome: UsageOutcome;
  errorCode: string | null;
}

/** One ledger row per gateway call (a cache answer too), written in the caller's short transaction. */
export async function recordUsage(tx: TransactionClient, row: UsageRow): Promise<void> {
  await tx.aiUsage.create({
    data: { ...row, costMicros: BigInt(row.costMicros), latencyMs: Math.max(0, Math.round(row.latencyMs)) },
  });
}
