import { router } from "../trpc/trpc";
import { accountRouter } from "./account/router";
import { authRouter } from "./auth/router";
import { systemRouter } from "./system/router";

export const appRouter = router({
  system: systemRouter,
  auth: authRouter,
  account: accountRouter,
});

export type AppRouter = typeof appRouter;
