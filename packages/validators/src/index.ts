export * from "./api-error";
export * from "./audit";
export * from "./auth";
export * from "./env";
export * from "./organizations";
export * from "./pagination";
export * from "./permissions";
export * from "./system";
