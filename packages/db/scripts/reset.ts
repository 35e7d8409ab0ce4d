// `pnpm db:reset`: drop everything, re-apply every migration, re-seed.
import pg from "pg";
import { createPrismaClient } from "../src/client";
import { resolveDatabaseUrl } from "../src/local-postgres";
import { runPrismaCli } from "../src/prisma-cli";
import { seedDemoData } from "../src/seed";
import { runScript } from "./run-script";

await runScript(async () => {
  const db = await resolveDatabaseUrl();
  try {
    // prisma migrate reset empties only the schema it models (public); the job queue's schema
    // (pgboss, created by migration 20261207130000_jobs) goes too, or re-migrating would fail.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query("DROP SCHEMA IF EXISTS pgboss CASCADE").finally(() => client.end());
    await runPrismaCli(["migrate", "reset", "--force", "--skip-seed", "--skip-generate"], {
      databaseUrl: db.url,
      stdio: "inherit",
    });
    const prisma = createPrismaClient({ connectionString: db.url, max: 2, applicationName: "agency-seed" });
    await seedDemoData(prisma).finally(() => prisma.$disconnect());
    console.log("Database reset, migrated and seeded.");
  } finally {
    await db.stop();
  }
});
