// Shared vitest defaults: node environment, no watch in CI, real timers, fail on .only.
export const vitestDefaults = {
  environment: "node",
  allowOnly: false,
  passWithNoTests: false,
  testTimeout: 30_000,
  hookTimeout: 120_000,
  reporters: ["default"],
};
