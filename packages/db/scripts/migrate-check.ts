// `pnpm --filter @agency/db migrate:check`: fails when schema.prisma has changes no migration folder holds.
import { resolveDatabaseUrl } from "../src/local-postgres";
import { checkSchemaDrift } from "../src/migrations";
import { runScript } from "./run-script";

await runScript(async () => {
  const db = await resolveDatabaseUrl();
  try {
    const { inSync, summary } = await checkSchemaDrift(db.url);
    if (!inSync)
      throw new Error(`schema.prisma differs from prisma/migrations; run pnpm db:migrate:new <name>:\n${summary}`);
    console.log("schema.prisma and prisma/migrations agree.");
  } finally {
    await db.stop();
  }
});
