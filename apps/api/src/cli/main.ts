// `pnpm agency <command>` (dist/cli.js in production): see program.ts and README "Admin CLI".
import { runCli } from "./program";

runCli(process.argv).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`agency: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
