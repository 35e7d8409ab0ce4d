import {
  cancelRetainerInputSchema,
  changeRetainerInputSchema,
  createRetainerInputSchema,
  listRetainersInputSchema,
  prorationSchema,
  retainerChangeResultSchema,
  retainerHistorySchema,
  retainerIdInputSchema,
  retainerPageSchema,
  retainerSchema,
  retainerStatusChangeInputSchema,
} from "@agency/validators";
import {
  cancelRetainer,
  changeRetainer,
  createRetainer,
  getRetainer,
  listRetainers,
  pauseRetainer,
  previewRetainerChange,
  resumeRetainer,
  retainerHistory,
} from "../../billing/services";
import { pushRetainerToStripe } from "../../billing/stripe/sync";
import { orgProcedure, router } from "../../trpc/trpc";

const date = (value: string | null | undefined) => (value ? new Date(value) : value === null ? null : undefined);
const TAGS: ["Retainers"] = ["Retainers"];

/** A client's recurring agreements; every change of terms is a new version (README "Billing and the ledger"). */
export const retainersRouter = router({
  list: orgProcedure
    .meta({
      permission: "billing:read",
      limit: "read",
      openapi: { method: "GET", path: "/retainers", tags: TAGS, summary: "List retainers", description: "Retainers with their current terms, newest first, cursor-paginated." },
    })
    .input(listRetainersInputSchema)
    .output(retainerPageSchema)
    .query(({ ctx, input }) => listRetainers(ctx.scope, input)),

  get: orgProcedure
    .meta({
      permission: "billing:read",
      limit: "read",
      openapi: { method: "GET", path: "/retainers/{retainerId}", tags: TAGS, summary: "Get a retainer", description: "One retainer with its current terms and any scheduled change." },
    })
    .input(retainerIdInputSchema)
    .output(retainerSchema)
    .query(({ ctx, input }) => getRetainer(ctx.scope, input.retainerId)),

  history: orgProcedure
    .meta({
      permission: "billing:read",
      limit: "read",
      openapi: {
        method: "GET",
        path: "/retainers/{retainerId}/history",
        tags: TAGS,
        summary: "Retainer history",
        description: "Every version of the retainer's terms (INSERT-only), newest recorded first.",
      },
    })
    .input(retainerIdInputSchema)
    .output(retainerHistorySchema)
    .query(async ({ ctx, input }) => ({ items: await retainerHistory(ctx.scope, input.retainerId) })),

  create: orgProcedure
    .meta({
      permission: "billing:manage",
      limit: "write",
      openapi: {
        method: "POST",
        path: "/retainers",
        tags: TAGS,
        successStatus: 201,
        location: "/retainers/{id}",
        summary: "Create a retainer",
        description: "A recurring agreement with a client: price in minor units of its currency, quantity, interval, optional trial, end and discount.",
      },
    })
    .input(createRetainerInputSchema)
    .output(retainerSchema)
    .mutation(({ ctx, input }) =>
      createRetainer(ctx.scope, {
        ...input,
        startsAt: date(input.startsAt) ?? undefined,
        trialEndsAt: date(input.trialEndsAt),
        endsAt: date(input.endsAt),
      }),
    ),

  previewChange: orgProcedure
    .meta({ permission: "billing:read", limit: "read" })
    .input(changeRetainerInputSchema)
    .output(prorationSchema)
    .query(({ ctx, input }) => previewRetainerChange(ctx.scope, { ...input, effectiveAt: date(input.effectiveAt) ?? undefined })),

  change: orgProcedure
    .meta({
      permission: "billing:manage",
      limit: "write",
      openapi: {
        method: "POST",
        path: "/retainers/{retainerId}/change",
        tags: TAGS,
        summary: "Change a retainer's terms",
        description:
          "Records new terms (price, quantity, interval, discount) from `effectiveAt` (default now; earlier = a back-dated correction) and answers the proration for the rest of the current period. Send the version you saw in `If-Match`.",
      },
    })
    .input(changeRetainerInputSchema)
    .output(retainerChangeResultSchema)
    .mutation(async ({ ctx, input }) => {
      const changed = await changeRetainer(ctx.scope, { ...input, effectiveAt: date(input.effectiveAt) ?? undefined });
      await pushRetainerToStripe(ctx.scope, changed.retainer);
      return changed;
    }),

  pause: orgProcedure
    .meta({
      permission: "billing:manage",
      limit: "write",
      openapi: { method: "POST", path: "/retainers/{retainerId}/pause", tags: TAGS, summary: "Pause a retainer", description: "Nothing is billed while paused. Send the version you saw in `If-Match`." },
    })
    .input(retainerStatusChangeInputSchema)
    .output(retainerSchema)
    .mutation(async ({ ctx, input }) => {
      const retainer = await pauseRetainer(ctx.scope, input);
      await pushRetainerToStripe(ctx.scope, retainer);
      return retainer;
    }),

  resume: orgProcedure
    .meta({
      permission: "billing:manage",
      limit: "write",
      openapi: { method: "POST", path: "/retainers/{retainerId}/resume", tags: TAGS, summary: "Resume a retainer", description: "Billing continues from the current period. Send the version you saw in `If-Match`." },
    })
    .input(retainerStatusChangeInputSchema)
    .output(retainerSchema)
    .mutation(async ({ ctx, input }) => {
      const retainer = await resumeRetainer(ctx.scope, input);
      await pushRetainerToStripe(ctx.scope, retainer);
      return retainer;
    }),

  cancel: orgProcedure
    .meta({
      permission: "billing:manage",
      limit: "write",
      openapi: {
        method: "POST",
        path: "/retainers/{retainerId}/cancel",
        tags: TAGS,
        summary: "Cancel a retainer",
        description: "At the end of the current period (default: service continues until then) or at once (`atPeriodEnd: false`). Send the version you saw in `If-Match`.",
      },
    })
    .input(cancelRetainerInputSchema)
    .output(retainerSchema)
    .mutation(async ({ ctx, input }) => {
      const retainer = await cancelRetainer(ctx.scope, input);
      await pushRetainerToStripe(ctx.scope, retainer);
      return retainer;
    }),
});
