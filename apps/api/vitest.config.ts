import { defineConfig } from "vitest/config";
import { vitestDefaults } from "@agency/config/vitest";

export default defineConfig({
  test: {
    ...vitestDefaults,
    include: ["test/**/*.test.ts"],
    globalSetup: ["@agency/db/testing/global-setup"],
  },
});
