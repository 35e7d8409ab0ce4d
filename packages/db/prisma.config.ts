// Prisma CLI config. Migrations run through the JS (WASM) schema engine over
// @prisma/adapter-pg, so no native engine is downloaded (README → Migrations).
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "prisma", "schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "prisma", "migrations") },
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set (the db scripts set it; see README → Migrations)");
    // allowExitOnIdle: the CLI exits when done instead of idling out the pool (10 s).
    return new PrismaPg({ connectionString, allowExitOnIdle: true });
  },
});
