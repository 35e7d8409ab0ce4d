import type { Command } from "commander";
import { table } from "../context";
import type { CliRunner } from "../program";

/** `agency orgs list`: live organizations, newest first, with their member counts. */
export function registerOrgs(program: Command, run: CliRunner) {
  const orgs = program.command("orgs").description("organizations");
  orgs
    .command("list")
    .description("list organizations with their member counts")
    .option("--limit <n>", "at most this many (1–10000)", "100")
    .action((options: { limit: string }) =>
      run(async (ctx) => {
        const limit = Math.min(Math.max(Number.parseInt(options.limit, 10) || 100, 1), 10_000);
        const rows = await ctx.prisma.$queryRaw<
          { id: string; name: string; slug: string; members: number; createdAt: Date }[]
        >`
          SELECT o.id::text, o.name, o.slug, count(m.id)::int AS members, o.created_at AS "createdAt"
            FROM organizations o LEFT JOIN memberships m ON m.org_id = o.id
           WHERE o.deleted_at IS NULL
           GROUP BY o.id ORDER BY o.created_at DESC, o.id LIMIT ${limit}`;
        ctx.print({ organizations: rows }, () => table(rows, ["id", "name", "slug", "members", "createdAt"]));
      }),
    );
}
