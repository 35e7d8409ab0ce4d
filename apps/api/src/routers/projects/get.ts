import { projectIdInputSchema, projectSchema } from "@agency/validators";
import { getProject } from "../../services/projects/projects";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

/** One project (live or in the trash) with its client and live task counts. */
export const getProjectProcedure = orgProcedure
  .meta(can("project:read"))
  .use(rateLimit("read"))
  .input(projectIdInputSchema)
  .output(projectSchema)
  .query(({ ctx, input }) => getProject(tenantScope(ctx), input.projectId));
