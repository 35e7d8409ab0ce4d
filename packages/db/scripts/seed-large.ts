// `pnpm db:seed:large [--tasks 1000000 --projects 200 --members 25 --password …]`:
// one big organization ("Scale Test Agency", slug scale-test) for scale checks and
// `pnpm bench:tasks`. Replaces the previous one. DATABASE_URL, or the embedded server.
import pg from "pg";
import { createPrismaClient } from "../src/client";
import { getMigrationStatus } from "../src/health";
import { resolveDatabaseUrl } from "../src/local-postgres";
import { parseLargeSeedOptions } from "./large-seed/options";
import { hashSeedPassword } from "./large-seed/password";
import {
  LARGE_ORG,
  LARGE_ORG_OWNER_EMAIL,
  seedLargeOrganization,
  vacuumAnalyzeSeededTables,
} from "./large-seed/seed-large-org";
import { runScript } from "./run-script";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

await runScript(async () => {
  const options = parseLargeSeedOptions(process.argv.slice(2), process.env);
  const db = await resolveDatabaseUrl();
  try {
    await assertMigrated(db.url);
    const started = performance.now();
    const passwordHash = await hashSeedPassword(options.password);
    const client = new pg.Client({ connectionString: db.url, application_name: "agency-seed-large" });
    await client.connect();
    try {
      console.log(
        `Seeding "${LARGE_ORG.name}": ${options.tasks.toLocaleString("en-US")} tasks, ${options.projects} projects, ` +
          `${options.members} members (batches of ${options.batchSize.toLocaleString("en-US")})`,
      );
      const result = await seedLargeOrganization(client, { ...options, passwordHash, randomSeed: 0.42 }, (line) =>
        console.log(line),
      );
      if (options.vacuum) {
        const vacuumStarted = performance.now();
        await vacuumAnalyzeSeededTables(client);
        result.timings.push(["VACUUM (ANALYZE)", Math.round(performance.now() - vacuumStarted)]);
      } else {
        await client.query("ANALYZE users, memberships, clients, projects, tasks, task_comments");
      }
      const total = performance.now() - started;
      const { counts } = result;
      console.log(`\nDone in ${seconds(total)}:`);
      for (const [step, ms] of result.timings) console.log(`  ${step.padEnd(28)} ${seconds(ms)}`);
      console.log(
        `  → ${counts.tasks.toLocaleString("en-US")} tasks (${Math.round(counts.tasks / (total / 1000)).toLocaleString("en-US")}/s overall), ` +
          `${counts.comments.toLocaleString("en-US")} comments, ${counts.projects} projects, ${counts.clients} clients, ${counts.users} members`,
      );
      console.log(`\nOrganization ${LARGE_ORG.slug} (${result.orgId})`);
      console.log(`Sign in as ${LARGE_ORG_OWNER_EMAIL} with password ${options.password}`);
      console.log(
        `(every member, member-002@… to member-${String(options.members).padStart(3, "0")}@…, has the same password` +
          `${options.passwordGenerated ? "; pass --password or SEED_PASSWORD to choose it" : ""})`,
      );
    } finally {
      await client.end();
    }
  } finally {
    await db.stop();
  }
});

/** The seed writes the current schema: refuse a database with pending migrations. */
async function assertMigrated(url: string) {
  const prisma = createPrismaClient({ connectionString: url, max: 1, applicationName: "agency-seed-large" });
  try {
    const status = await getMigrationStatus(prisma);
    if (status.pending > 0 || status.failed > 0) {
      throw new Error(
        `${status.pending} migration(s) pending, ${status.failed} failed: run \`pnpm db:migrate\` first.`,
      );
    }
  } finally {
    await prisma.$disconnect();
  }
}
