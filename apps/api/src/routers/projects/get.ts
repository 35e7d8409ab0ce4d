import { projectIdInputSchema, projectSchema } from "@agency/validators";
import { getProject } from "../../services/projects/projects";
import { orgProcedure } from "../../trpc/trpc";

/** One project (live or in the trash) with its client and live task counts. */
export const getProjectProcedure = orgProcedure
  .meta({
    permission: "project:read",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/projects/{projectId}",
      tags: ["Projects"],
      summary: "Get a project",
      description: "One project with its task counts; its `ETag` is the version to send in `If-Match`.",
    },
  })
  .input(projectIdInputSchema)
  .output(projectSchema)
  .query(({ ctx, input }) => getProject(ctx.scope, input.projectId));
