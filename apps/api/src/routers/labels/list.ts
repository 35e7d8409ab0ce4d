import { labelListSchema, listLabelsInputSchema } from "@agency/validators";
import { listLabels } from "../../services/labels/list-labels";
import { orgProcedure } from "../../trpc/trpc";

/** Labels in use with their task counts: suggestions for the task form and the label filter. */
export const listLabelsProcedure = orgProcedure
  .meta({ permission: "task:read", limit: "read", sqlOnly: true })
  .input(listLabelsInputSchema)
  .output(labelListSchema)
  .query(({ ctx, input }) => listLabels(ctx.scope, input));
