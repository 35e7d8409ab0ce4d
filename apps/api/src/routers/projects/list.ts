import { listProjectsInputSchema, projectPageSchema } from "@agency/validators";
import { listProjects } from "../../services/projects/projects";
import { orgProcedure } from "../../trpc/trpc";

/** Projects (or the trash), filtered by client/status, searched and keyset-paginated. */
export const listProjectsProcedure = orgProcedure
  .meta({
    permission: "project:read",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/projects",
      tags: ["Projects"],
      summary: "List projects",
      description: "Projects of the organization, filtered and cursor-paginated.",
    },
  })
  .input(listProjectsInputSchema)
  .output(projectPageSchema)
  .query(({ ctx, input }) => listProjects(ctx.scope, input));
