export * from "./api-error";
export * from "./env";
export * from "./pagination";
export * from "./system";
