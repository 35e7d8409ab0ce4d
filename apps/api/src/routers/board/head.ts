import { boardHeadInputSchema, boardHeadSchema } from "@agency/validators";
import { AppError } from "../../errors/app-error";
import { orgProcedure } from "../../trpc/trpc";
import { latestEventId } from "./board-event-rows";

/**
 * The id of the project's newest board event. A page that reads this BEFORE the board's columns and
 * opens `board.events` with it as `lastEventId` gets every change made since its columns were read
 * replayed, so it never has to load the columns a second time when the stream opens.
 */
export const head = orgProcedure
  .meta({ permission: "task:read", limit: "read" })
  .input(boardHeadInputSchema)
  .output(boardHeadSchema)
  .query(async ({ ctx, input }) => {
    const { scope } = ctx;
    const project = await scope.tx.project.findFirst({ where: { id: input.projectId, orgId: scope.org.id }, select: { id: true } });
    if (!project) throw new AppError("NOT_FOUND", "Project not found.");
    const id = await latestEventId(scope.tx, { orgId: scope.org.id, projectId: input.projectId });
    return { lastEventId: id.toString() };
  });
