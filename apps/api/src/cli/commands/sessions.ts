import { recordAudit } from "@agency/db";
import type { Command } from "commander";
import { CliError } from "../context";
import type { CliRunner } from "../program";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `agency sessions revoke --user <email|id>`: signs the user out everywhere (next request → 401). */
export function registerSessions(program: Command, run: CliRunner) {
  const sessions = program.command("sessions").description("sign-in sessions");
  sessions
    .command("revoke")
    .description("revoke every live session of a user (signed out on their next request)")
    .requiredOption("--user <email|id>", "the user's email or id")
    .action((options: { user: string }) =>
      run(async (ctx) => {
        const user = await ctx.prisma.user.findFirst({
          where: UUID.test(options.user) ? { id: options.user } : { email: options.user.trim().toLowerCase() },
          select: { id: true, email: true },
        });
        if (!user) throw new CliError(`No user ${options.user}.`);
        const revoked = await ctx.prisma.$transaction(async (tx) => {
          const { count } = await tx.session.updateMany({
            where: { userId: user.id, revokedAt: null, expiresAt: { gt: new Date() } },
            data: { revokedAt: new Date() },
          });
          await recordAudit(tx, {
            action: "auth.session.revoked",
            actorUserId: null,
            target: { type: "user", id: user.id },
            metadata: { via: "cli", count },
          });
          return count;
        });
        ctx.print(
          { userId: user.id, email: user.email, revoked },
          () => `Revoked ${revoked} session(s) of ${user.email}.`,
        );
      }),
    );
}
