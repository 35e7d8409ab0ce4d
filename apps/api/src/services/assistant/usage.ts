import type { AssistantUsage } from "@agency/validators";
import { monthStart, nextMonthStart, readBudget, updateSettings } from "../../ai/gateway";
import { audited } from "../audit";
import type { TenantScope } from "../scope";

/** Tokens and cost per member for one month (UTC) and what is left of this month's budget. Admins only. */
export async function assistantUsage(scope: TenantScope, defaultBudgetMicros: number, month?: string): Promise<AssistantUsage> {
  const now = new Date();
  const current = monthStart(now).slice(0, 7);
  const selected = month ?? current;
  const from = new Date(`${selected}-01T00:00:00.000Z`);
  const to = nextMonthStart(from);
  const grouped = await scope.tx.aiUsage.groupBy({
    by: ["userId"],
    where: { orgId: scope.org.id, createdAt: { gte: from, lt: to } },
    _count: { _all: true },
    _sum: { inputTokens: true, outputTokens: true, costMicros: true },
  });
  const members = await scope.tx.membership.findMany({
    where: { orgId: scope.org.id, userId: { in: grouped.flatMap((g) => (g.userId ? [g.userId] : [])) } },
    select: { userId: true, user: { select: { name: true, email: true } } },
  });
  const names = new Map(members.map((m) => [m.userId, m.user.name || m.user.email]));
  const budget = await readBudget(scope.tx, scope.org.id, defaultBudgetMicros, now);
  // The counters are this month's; an earlier month's spend is the ledger's sum.
  const monthSpent = grouped.reduce((sum, g) => sum + Number(g._sum.costMicros ?? 0n), 0);
  const spentMicros = selected === current ? budget.spentMicros : monthSpent;
  const reservedMicros = selected === current ? budget.reservedMicros : 0;
  return {
    month: selected,
    enabled: budget.enabled,
    budgetMicros: budget.budgetMicros,
    spentMicros,
    reservedMicros,
    remainingMicros: Math.max(0, budget.budgetMicros - spentMicros - reservedMicros),
    resetsAt: nextMonthStart(now).toISOString(),
    users: grouped
      .map((g) => ({
        userId: g.userId,
        name: g.userId ? (names.get(g.userId) ?? "Former member") : "No user",
        requests: g._count._all,
        inputTokens: g._sum.inputTokens ?? 0,
        outputTokens: g._sum.outputTokens ?? 0,
        costMicros: Number(g._sum.costMicros ?? 0n),
      }))
      .sort((a, b) => b.costMicros - a.costMicros || a.name.localeCompare(b.name)),
  };
}

/** Admins turn the assistant on or off and set the monthly budget; audited in the same transaction. */
export async function changeAssistantSettings(
  scope: TenantScope,
  defaultBudgetMicros: number,
  change: { enabled?: boolean; monthlyBudgetMicros?: number },
) {
  const before = await readBudget(scope.tx, scope.org.id, defaultBudgetMicros);
  await updateSettings(scope.tx, scope.org.id, change);
  const after = await readBudget(scope.tx, scope.org.id, defaultBudgetMicros);
  await audited(scope, "assistant.settings_updated", { type: "organization", id: scope.org.id }, {
    enabled: { from: before.enabled, to: after.enabled },
    monthlyBudgetMicros: { from: before.budgetMicros, to: after.budgetMicros },
  });
  return assistantUsage(scope, defaultBudgetMicros);
}
