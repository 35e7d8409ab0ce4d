import { projectIdInputSchema, projectSchema } from "@agency/validators";
import { getProject } from "../../services/projects/projects";
import { orgProcedure } from "../../trpc/trpc";

/** One project (live or in the trash) with its client and live task counts. */
export const getProjectProcedure = orgProcedure
  .meta({ permission: "project:read", limit: "read" })
  .input(projectIdInputSchema)
  .output(projectSchema)
  .query(({ ctx, input }) => getProject(ctx.scope, input.projectId));
