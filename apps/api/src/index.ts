export { appRouter, type AppRouter } from "./routers/app-router";
export { createApi, type Api, type CreateApiOptions } from "./app";
export { createFetchHandler } from "./fetch-handler";
export { createCallerFactory } from "./trpc/trpc";
export { createContext, type Context, type ApiDeps, type Caller } from "./trpc/context";
export type { ApiErrorData } from "./trpc/error-formatter";
