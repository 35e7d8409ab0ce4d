import { router } from "../../trpc/trpc";
import { events } from "./events";

/** Live project boards: the change feed of one project over SSE. */
export const boardRouter = router({ events });
