import { deleteProjectInputSchema, projectSchema } from "@agency/validators";
import { setProjectDeleted } from "../../services/projects/projects";
import { orgProcedure } from "../../trpc/trpc";

/** Moves a project to the trash (soft delete; restorable until the purge). */
export const deleteProjectProcedure = orgProcedure
  .meta({ permission: "project:write", limit: "write" })
  .input(deleteProjectInputSchema)
  .output(projectSchema)
  .mutation(({ ctx, input }) => setProjectDeleted(ctx.scope, input, true));

/** Brings a project back from the trash (its client must be live). */
export const restoreProjectProcedure = orgProcedure
  .meta({ permission: "project:write", limit: "write" })
  .input(deleteProjectInputSchema)
  .output(projectSchema)
  .mutation(({ ctx, input }) => setProjectDeleted(ctx.scope, input, false));
