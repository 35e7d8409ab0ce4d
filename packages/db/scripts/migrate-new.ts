// `pnpm db:migrate:new <name>`: turn a schema.prisma change into a new migration folder.
// Needs a server only for Prisma's throwaway shadow database: DATABASE_URL, or the local embedded one.
import { resolveDatabaseUrl } from "../src/local-postgres";
import { createMigration } from "../src/migrations";
import { runScript } from "./run-script";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]{1,60}$/.test(name)) {
  console.error("usage: pnpm db:migrate:new <snake_case_name>   e.g. pnpm db:migrate:new add_projects");
  process.exit(1);
}
await runScript(async () => {
  const db = await resolveDatabaseUrl();
  try {
    const folder = await createMigration(name, db.url);
    console.log(`Created prisma/migrations/${folder}/migration.sql`);
    console.log("Review it (add RLS policies and grants for new tenant tables), then run pnpm db:migrate.");
  } finally {
    await db.stop();
  }
});
