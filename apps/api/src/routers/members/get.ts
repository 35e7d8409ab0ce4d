import { memberIdInputSchema, memberSchema } from "@agency/validators";
import { getMember } from "../../services/organizations/organizations";
import { orgProcedure } from "../../trpc/trpc";

export const getMemberProcedure = orgProcedure
  .meta({
    permission: "member:read",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/members/{userId}",
      tags: ["Members"],
      summary: "Get a member",
      description: "One member of the organization with their role, by user id (API keys are not members here).",
    },
  })
  .input(memberIdInputSchema)
  .output(memberSchema)
  .query(({ ctx, input }) => getMember(ctx.scope, input.userId));
