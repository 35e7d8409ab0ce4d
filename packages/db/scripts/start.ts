// `pnpm db:start`: run the embedded PostgreSQL alone until Ctrl+C.
import { startLocalPostgres } from "../src/local-postgres";
import { runScript } from "./run-script";

await runScript(async () => {
  const pg = await startLocalPostgres();
  if (pg.reused) {
    console.log(
      `PostgreSQL is already running (started by another command): ${pg.url}\nexport DATABASE_URL='${pg.url}'`,
    );
    return;
  }
  console.log(`PostgreSQL running: ${pg.url}\nexport DATABASE_URL='${pg.url}'   # Ctrl+C stops it`);
  const stop = () => void pg.stop().finally(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // The server is a child process; this keeps the launcher alive (and its stop handler) until a signal.
  setInterval(() => {}, 1 << 30);
});
