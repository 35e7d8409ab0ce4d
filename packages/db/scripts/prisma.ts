// `tsx scripts/prisma.ts <args>`: the Prisma CLI with the offline-safe environment
// (used by `generate`, which runs offline as this package's postinstall).
import { runPrismaCli } from "../src/prisma-cli";
import { runScript } from "./run-script";

await runScript(async () => {
  await runPrismaCli(process.argv.slice(2), { stdio: "inherit" });
});
