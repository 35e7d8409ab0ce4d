// `pnpm db:purge`: deletes for good what has been in the trash longer than TRASH_RETENTION_DAYS
// (default 30), board events older than a day and expired idempotency keys, against
// DATABASE_URL or the embedded server.
import { createDatabase } from "@agency/db";
import { resolveDatabaseUrl } from "@agency/db/local-postgres";
import { apiEnvSchema, describeEnvIssues } from "@agency/validators";
import { purgeTrash } from "../src/services/purge/purge-trash";

async function main() {
  const env = apiEnvSchema.pick({ TRASH_RETENTION_DAYS: true }).safeParse(process.env);
  if (!env.success) throw new Error(`Invalid environment: ${describeEnvIssues(env.error)}`);
  const db = await resolveDatabaseUrl();
  // As app_maintenance, like the API's schedule: app_user may not hard-delete.
  const database = createDatabase({ connectionString: db.url, max: 2, applicationName: "agency-purge" });
  try {
    const result = await purgeTrash(database, { retentionDays: env.data.TRASH_RETENTION_DAYS });
    if (!result.ran) {
      console.log("Another purge is running (advisory lock held); nothing done.");
      return;
    }
    const { comments, tasks, projects, clients, boardEvents, idempotencyKeys } = result.totals;
    console.log(
      `Purged (in the trash > ${env.data.TRASH_RETENTION_DAYS} days): ${comments} comments, ${tasks} tasks, ${projects} projects, ${clients} clients` +
        ` across ${Object.keys(result.byOrg).length} organizations; ${boardEvents} board events older than 24 h; ${idempotencyKeys} expired idempotency keys.`,
    );
  } finally {
    await database.disconnect();
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`db:purge: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
