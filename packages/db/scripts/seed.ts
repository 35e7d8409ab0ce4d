// `pnpm db:seed`: idempotent demo data.
import { createPrismaClient } from "../src/client";
import { resolveDatabaseUrl } from "../src/local-postgres";
import { seedDemoData } from "../src/seed";
import { runScript } from "./run-script";

await runScript(async () => {
  const db = await resolveDatabaseUrl();
  const prisma = createPrismaClient({ connectionString: db.url, max: 2, applicationName: "agency-seed" });
  try {
    const { organization, user } = await seedDemoData(prisma);
    console.log(`Seeded: organization "${organization.name}" (${organization.slug}), user ${user.email}`);
  } finally {
    await prisma.$disconnect();
    await db.stop();
  }
});
