import { getMigrationStatus } from "@agency/db";
import { migrateDeploy } from "@agency/db/migrations";
import type { Command } from "commander";
import type { CliRunner } from "../program";

/** `agency migrate`: `prisma migrate deploy` (the only thing that changes the schema), then the status. */
export function registerMigrate(program: Command, run: CliRunner) {
  program
    .command("migrate")
    .description("apply pending migrations with prisma migrate deploy (includes the job queue's schema)")
    .action(() =>
      run(async (ctx) => {
        await migrateDeploy(ctx.databaseUrl);
        const status = await getMigrationStatus(ctx.prisma);
        ctx.print(
          { migrations: status },
          () => `Migrations applied: ${status.applied}, pending: ${status.pending}, latest: ${status.latest ?? "–"}`,
        );
      }),
    );
}
