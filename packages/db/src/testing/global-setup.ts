// vitest globalSetup shared by every package whose tests touch the database.
import { setupTestPostgres } from "./index";

export default async function setup() {
  return setupTestPostgres();
}
