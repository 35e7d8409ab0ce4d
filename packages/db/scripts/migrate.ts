// `pnpm db:migrate`: prisma migrate deploy against DATABASE_URL, or the local embedded server.
import { resolveDatabaseUrl } from "../src/local-postgres";
import { migrateDeploy } from "../src/migrations";
import { runScript } from "./run-script";

await runScript(async () => {
  const db = await resolveDatabaseUrl();
  try {
    process.stdout.write(await migrateDeploy(db.url));
  } finally {
    await db.stop();
  }
});
