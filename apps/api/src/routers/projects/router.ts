import { router } from "../../trpc/trpc";

/** Projects of the active organization (filled in by the projects work). */
export const projectsRouter = router({});
