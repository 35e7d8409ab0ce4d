import { createProjectInputSchema, projectSchema } from "@agency/validators";
import { createProject } from "../../services/projects/projects";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

/** A project for a live client of the organization. */
export const createProjectProcedure = orgProcedure
  .meta(can("project:write"))
  .use(rateLimit("write"))
  .input(createProjectInputSchema)
  .output(projectSchema)
  .mutation(({ ctx, input }) => createProject(tenantScope(ctx), input));
