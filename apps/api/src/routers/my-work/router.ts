import { myWorkInputSchema, myWorkSchema } from "@agency/validators";
import { myWork } from "../../services/notifications/my-work";
import { orgProcedure, router } from "../../trpc/trpc";

/** The home page: my tasks by due date, recent changes in my projects, my mentions. */
export const myWorkProcedure = orgProcedure
  .meta({ permission: "task:read", limit: "read" })
  .input(myWorkInputSchema)
  .output(myWorkSchema)
  .query(({ ctx, input }) => myWork(ctx.scope, input));

export const myWorkRouter = router({ get: myWorkProcedure });
