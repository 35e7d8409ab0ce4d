import { router } from "../../trpc/trpc";
import { events } from "./events";
import { head } from "./head";

/** Live project boards: the change feed of one project over SSE, and where it stands now. */
export const boardRouter = router({ events, head });
