// `pnpm --filter @agency/db migrate:check`: fails when schema.prisma has changes no migration folder holds.
import { resolveDatabaseUrl } from "../src/local-postgres";
import { checkSchemaDrift } from "../src/migrations";

const db = await resolveDatabaseUrl();
try {
  const { inSync, summary } = await checkSchemaDrift(db.url);
  if (inSync) console.log("schema.prisma and prisma/migrations agree.");
  else {
    console.error(`schema.prisma differs from prisma/migrations; run pnpm db:migrate:new <name>:\n${summary}`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await db.stop();
}
