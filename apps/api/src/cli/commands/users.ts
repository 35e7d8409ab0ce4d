import { recordAudit } from "@agency/db";
import { emailSchema, passwordSchema, personNameSchema, slugify } from "@agency/validators";
import type { Command } from "commander";
import { randomBytes } from "node:crypto";
import { text as readStream } from "node:stream/consumers";
import { hashPassword } from "../../services/auth/passwords";
import { CliError, EXIT } from "../context";
import type { CliRunner } from "../program";

/**
 * `agency users create-admin`. Agency OS has no platform-wide super-user: every right comes from
 * an organization role. An "admin" here is the bootstrap account: a user whose email counts as
 * verified (it signs in and accepts invitations at once) with a password, and — with --org — the
 * owner of a new organization. Audited as `auth.sign_up` / `org.created` with `via: "cli"`.
 */
export function registerUsers(program: Command, run: CliRunner) {
  const users = program.command("users").description("user accounts");
  users
    .command("create-admin")
    .description("create a verified user with a password, optionally owner of a new organization")
    .requiredOption("--email <email>", "the account's email")
    .option("--name <name>", "display name (default: the email's local part)")
    .option("--org <name>", "also create this organization with the user as its owner")
    .option("--password-stdin", "read the password from standard input (else one is generated and printed once)")
    .action((options: { email: string; name?: string; org?: string; passwordStdin?: boolean }) =>
      run(async (ctx) => {
        const email = parseOr(emailSchema, options.email, "--email");
        const name = parseOr(personNameSchema, options.name ?? email.split("@")[0]!, "--name");
        const generated = !options.passwordStdin;
        const password = generated ? randomBytes(18).toString("base64url") : (await readStream(process.stdin)).trim();
        parseOr(passwordSchema, password, "password");
        if (await ctx.prisma.user.findUnique({ where: { email }, select: { id: true } })) {
          throw new CliError(`A user with the email ${email} already exists.`);
        }
        const passwordHash = await hashPassword(password);
        const created = await ctx.prisma.$transaction(async (tx) => {
          const user = await tx.user.create({
            data: { email, name, passwordHash, emailVerifiedAt: new Date() },
            select: { id: true },
          });
          await recordAudit(tx, {
            action: "auth.sign_up",
            actorUserId: null,
            target: { type: "user", id: user.id },
            metadata: { via: "cli" },
          });
          if (!options.org) return { userId: user.id, org: null };
          const orgName = parseOr(personNameSchema, options.org, "--org");
          const slug = `${slugify(orgName).slice(0, 40)}-${randomBytes(3).toString("hex")}`;
          const org = await tx.organization.create({
            data: { name: orgName, slug },
            select: { id: true, name: true, slug: true },
          });
          await tx.membership.create({ data: { orgId: org.id, userId: user.id, role: "owner" } });
          await recordAudit(tx, {
            action: "org.created",
            orgId: org.id,
            actorUserId: null,
            target: { type: "organization", id: org.id },
            metadata: { via: "cli", owner: user.id, name: org.name, slug: org.slug },
          });
          return { userId: user.id, org };
        });
        ctx.print({ ...created, email, ...(generated ? { password } : {}) }, () =>
          [
            `Created ${email} (${created.userId}), email verified.`,
            created.org ? `Owner of ${created.org.name} (${created.org.id}, /${created.org.slug}).` : "",
            generated ? `Password (shown once): ${password}` : "",
          ]
            .filter(Boolean)
            .join("\n"),
        );
      }),
    );
}

function parseOr<T>(
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  },
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new CliError(`${what}: ${result.error.issues[0]?.message ?? "invalid"}`, EXIT.usage);
  return result.data;
}
