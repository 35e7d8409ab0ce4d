// vitest globalSetup shared by every package whose tests touch the database:
// `globalSetup: ["@agency/db/testing/global-setup"]`.
import type { TestProject } from "vitest/node";
import { setupTestPostgres } from "./index";

export default function setup(project: TestProject) {
  return setupTestPostgres(project);
}
