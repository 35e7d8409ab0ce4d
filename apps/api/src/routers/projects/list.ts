import { listProjectsInputSchema, projectPageSchema } from "@agency/validators";
import { listProjects } from "../../services/projects/projects";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

/** Projects (or the trash), filtered by client/status, searched and keyset-paginated. */
export const listProjectsProcedure = orgProcedure
  .meta(can("project:read"))
  .use(rateLimit("read"))
  .input(listProjectsInputSchema)
  .output(projectPageSchema)
  .query(({ ctx, input }) => listProjects(tenantScope(ctx), input));
