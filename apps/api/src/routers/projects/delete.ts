import { deleteProjectInputSchema, projectSchema } from "@agency/validators";
import { setProjectDeleted } from "../../services/projects/projects";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

/** Moves a project to the trash (soft delete; restorable until the purge). */
export const deleteProjectProcedure = orgProcedure
  .meta(can("project:write"))
  .use(rateLimit("write"))
  .input(deleteProjectInputSchema)
  .output(projectSchema)
  .mutation(({ ctx, input }) => setProjectDeleted(tenantScope(ctx), input, true));

/** Brings a project back from the trash (its client must be live). */
export const restoreProjectProcedure = orgProcedure
  .meta(can("project:write"))
  .use(rateLimit("write"))
  .input(deleteProjectInputSchema)
  .output(projectSchema)
  .mutation(({ ctx, input }) => setProjectDeleted(tenantScope(ctx), input, false));
