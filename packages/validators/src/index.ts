export * from "./api-error";
export * from "./audit";
export * from "./auth";
export * from "./env";
export * from "./pagination";
export * from "./permissions";
export * from "./system";
