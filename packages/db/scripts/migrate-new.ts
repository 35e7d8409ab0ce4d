// `pnpm db:migrate:new <name>`: turn a schema.prisma change into a new migration folder.
import { resolveDatabaseUrl } from "../src/local-postgres";
import { createMigration, migrateDeploy } from "../src/migrations";

const name = process.argv[2];
if (!name) {
  console.error("usage: pnpm db:migrate:new <snake_case_name>");
  process.exit(1);
}
const db = await resolveDatabaseUrl();
try {
  // migrate dev needs every existing migration applied first.
  await migrateDeploy(db.url);
  const folder = await createMigration(name, db.url);
  console.log(`Created prisma/migrations/${folder}/migration.sql`);
  console.log("Review it (add RLS policies and grants for new tenant tables), then run pnpm db:migrate.");
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await db.stop();
}
