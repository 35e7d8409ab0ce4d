import { router } from "../../trpc/trpc";

/** Live project boards: the change-feed subscription (filled in by the realtime work). */
export const boardRouter = router({});
