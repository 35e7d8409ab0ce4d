import { projectSchema, updateProjectInputSchema } from "@agency/validators";
import { updateProject } from "../../services/projects/projects";
import { orgProcedure } from "../../trpc/trpc";

/** Edits a live project; a stale expectedVersion gets CONFLICT with the current record. */
export const updateProjectProcedure = orgProcedure
  .meta({ permission: "project:write", limit: "write" })
  .input(updateProjectInputSchema)
  .output(projectSchema)
  .mutation(({ ctx, input }) => updateProject(ctx.scope, input));
