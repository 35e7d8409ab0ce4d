// `tsx scripts/prisma.ts <args>`: the Prisma CLI with the offline-safe environment.
import { runPrismaCli } from "../src/prisma-cli";

await runPrismaCli(process.argv.slice(2), { stdio: "inherit" }).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
