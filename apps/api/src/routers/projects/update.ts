import { projectSchema, updateProjectInputSchema } from "@agency/validators";
import { updateProject } from "../../services/projects/projects";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

/** Edits a live project; a stale expectedVersion gets CONFLICT with the current record. */
export const updateProjectProcedure = orgProcedure
  .meta(can("project:write"))
  .use(rateLimit("write"))
  .input(updateProjectInputSchema)
  .output(projectSchema)
  .mutation(({ ctx, input }) => updateProject(tenantScope(ctx), input));
