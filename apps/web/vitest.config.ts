import { defineConfig } from "vitest/config";
import { vitestDefaults } from "@agency/config/vitest";

export default defineConfig({ test: { ...vitestDefaults, include: ["src/**/*.test.ts", "server/**/*.test.ts"] } });
