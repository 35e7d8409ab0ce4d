// `pnpm db:reset`: drop everything, re-apply every migration, re-seed.
import { createPrismaClient } from "../src/client";
import { resolveDatabaseUrl } from "../src/local-postgres";
import { runPrismaCli } from "../src/prisma-cli";
import { seedDemoData } from "../src/seed";

const db = await resolveDatabaseUrl();
try {
  await runPrismaCli(["migrate", "reset", "--force", "--skip-seed", "--skip-generate"], { databaseUrl: db.url, stdio: "inherit" });
  const prisma = createPrismaClient({ connectionString: db.url, max: 2 });
  await seedDemoData(prisma).finally(() => prisma.$disconnect());
  console.log("Database reset, migrated and seeded.");
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await db.stop();
}
