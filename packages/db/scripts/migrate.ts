// `pnpm db:migrate`: prisma migrate deploy against DATABASE_URL, or the local embedded server.
import { resolveDatabaseUrl } from "../src/local-postgres";
import { migrateDeploy } from "../src/migrations";

const db = await resolveDatabaseUrl();
try {
  process.stdout.write(await migrateDeploy(db.url));
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await db.stop();
}
