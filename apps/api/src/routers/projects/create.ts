import { createProjectInputSchema, projectSchema } from "@agency/validators";
import { createProject } from "../../services/projects/projects";
import { orgProcedure } from "../../trpc/trpc";

/** A project for a live client of the organization. */
export const createProjectProcedure = orgProcedure
  .meta({ permission: "project:write", limit: "write" })
  .input(createProjectInputSchema)
  .output(projectSchema)
  .mutation(({ ctx, input }) => createProject(ctx.scope, input));
