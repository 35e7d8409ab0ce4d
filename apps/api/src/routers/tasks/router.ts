import { router } from "../../trpc/trpc";

/** Tasks of the active organization (filled in by the tasks work). */
export const tasksRouter = router({});
