import { router } from "../trpc/trpc";
import { systemRouter } from "./system/router";

export const appRouter = router({
  system: systemRouter,
});

export type AppRouter = typeof appRouter;
