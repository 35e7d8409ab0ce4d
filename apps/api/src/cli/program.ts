import { Command, CommanderError } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import { registerJobs } from "./commands/jobs";
import { registerMigrate } from "./commands/migrate";
import { registerOrgs } from "./commands/orgs";
import { registerReport } from "./commands/report";
import { registerSessions } from "./commands/sessions";
import { registerStackTrace } from "./commands/stack-trace";
import { registerStatus } from "./commands/status";
import { registerUsers } from "./commands/users";
import { registerWebhooks } from "./commands/webhooks";
import { CliError, EXIT, withCliContext, type CliContext } from "./context";

/** Runs a command's body with an open context; failures become one line and an exit code. */
export type CliRunner = (fn: (ctx: CliContext) => Promise<void>) => Promise<void>;

/**
 * `pnpm agency <command>`: operator commands. Each command is one file in commands/ with a
 * register function listed here.
 */
export function buildProgram(): Command {
  const program = new Command("agency")
    .description("Agency OS operator commands (maintenance: run with the owner / migration database login)")
    .version(packageJson.version)
    .option("--json", "print results as JSON")
    .showHelpAfterError()
    .exitOverride();
  const run: CliRunner = async (fn) => {
    const json = program.opts<{ json?: boolean }>().json === true;
    try {
      await withCliContext({ json }, fn);
    } catch (error) {
      const code = error instanceof CliError ? error.exitCode : EXIT.failed;
      const message = error instanceof Error ? error.message : String(error);
      if (json) console.log(JSON.stringify({ error: message }));
      else console.error(`agency: ${message}`);
      process.exitCode = code;
    }
  };
  for (const register of [
    registerMigrate,
    registerStatus,
    registerOrgs,
    registerUsers,
    registerSessions,
    registerJobs,
    registerWebhooks,
    registerReport,
  ]) {
    register(program, run);
  }
  // Needs no database: reads a stack trace and the source maps beside the bundles.
  registerStackTrace(program);
  return program;
}

/** Parses argv and runs; resolves with the exit code (usage errors → 2, --help/--version → 0). */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
}
