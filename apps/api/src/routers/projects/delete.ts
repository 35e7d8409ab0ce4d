import { deleteProjectInputSchema, projectSchema } from "@agency/validators";
import { setProjectDeleted } from "../../services/projects/projects";
import { orgProcedure } from "../../trpc/trpc";

/** Moves a project to the trash (soft delete; restorable until the purge). */
export const deleteProjectProcedure = orgProcedure
  .meta({
    permission: "project:write",
    limit: "write",
    openapi: {
      method: "DELETE",
      path: "/projects/{projectId}",
      tags: ["Projects"],
      successStatus: 204,
      summary: "Delete a project",
      description: "Moves the project (and with it its tasks) to the trash. Send the version you saw in `If-Match`.",
    },
  })
  .input(deleteProjectInputSchema)
  .output(projectSchema)
  .mutation(({ ctx, input }) => setProjectDeleted(ctx.scope, input, true));

/** Brings a project back from the trash (its client must be live). */
export const restoreProjectProcedure = orgProcedure
  .meta({
    permission: "project:write",
    limit: "write",
    openapi: {
      method: "POST",
      path: "/projects/{projectId}/restore",
      tags: ["Projects"],
      summary: "Restore a project",
      description: "Brings a project back from the trash. Send the trashed version in `If-Match`.",
    },
  })
  .input(deleteProjectInputSchema)
  .output(projectSchema)
  .mutation(({ ctx, input }) => setProjectDeleted(ctx.scope, input, false));
