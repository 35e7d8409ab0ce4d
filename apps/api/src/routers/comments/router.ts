import { router } from "../../trpc/trpc";

/** Comments on tasks (filled in by the comments work). */
export const commentsRouter = router({});
