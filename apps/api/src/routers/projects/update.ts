import { projectSchema, updateProjectInputSchema } from "@agency/validators";
import { updateProject } from "../../services/projects/projects";
import { orgProcedure } from "../../trpc/trpc";

/** Edits a live project; a stale expectedVersion gets CONFLICT with the current record. */
export const updateProjectProcedure = orgProcedure
  .meta({
    permission: "project:write",
    limit: "write",
    openapi: {
      method: "PATCH",
      path: "/projects/{projectId}",
      tags: ["Projects"],
      bodyAs: "patch",
      summary: "Update a project",
      description:
        "Changes the fields sent. Send the version you saw in `If-Match`; a stale one gets 412 with the current record.",
    },
  })
  .input(updateProjectInputSchema)
  .output(projectSchema)
  .mutation(({ ctx, input }) => updateProject(ctx.scope, input));
