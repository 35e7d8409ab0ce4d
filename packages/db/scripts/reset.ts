// `pnpm db:reset`: drop everything, re-apply every migration, re-seed.
import { createPrismaClient } from "../src/client";
import { resolveDatabaseUrl } from "../src/local-postgres";
import { runPrismaCli } from "../src/prisma-cli";
import { seedDemoData } from "../src/seed";
import { runScript } from "./run-script";

await runScript(async () => {
  const db = await resolveDatabaseUrl();
  try {
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
