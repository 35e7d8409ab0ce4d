import { createProjectInputSchema, projectSchema } from "@agency/validators";
import { createProject } from "../../services/projects/projects";
import { orgProcedure } from "../../trpc/trpc";

/** A project for a live client of the organization. */
export const createProjectProcedure = orgProcedure
  .meta({
    permission: "project:write",
    limit: "write",
    openapi: {
      method: "POST",
      path: "/projects",
      tags: ["Projects"],
      successStatus: 201,
      location: "/projects/{id}",
      summary: "Create a project",
      description: "Creates a project for one of the organization's clients.",
    },
  })
  .input(createProjectInputSchema)
  .output(projectSchema)
  .mutation(({ ctx, input }) => createProject(ctx.scope, input));
