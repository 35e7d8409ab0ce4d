import { followTaskInputSchema, taskFollowInputSchema, taskFollowStateSchema } from "@agency/validators";
import { followState, setFollowing } from "../../services/notifications/inbox";
import { orgProcedure } from "../../trpc/trpc";

/** Whether the caller follows the task, and who does. */
export const followStateProcedure = orgProcedure
  .meta({ permission: "task:read", limit: "read" })
  .input(taskFollowInputSchema)
  .output(taskFollowStateSchema)
  .query(({ ctx, input }) => followState(ctx.scope, input.taskId));

/** Follow or unfollow a task explicitly (an unfollow sticks: commenting or a mention does not undo it). */
export const setFollowingProcedure = orgProcedure
  .meta({ permission: "task:read", limit: "write" })
  .input(followTaskInputSchema)
  .output(taskFollowStateSchema)
  .mutation(({ ctx, input }) => setFollowing(ctx.scope, input.taskId, input.following));
