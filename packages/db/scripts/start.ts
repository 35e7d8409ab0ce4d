// `pnpm db:start`: run the embedded PostgreSQL alone until Ctrl+C.
import { startLocalPostgres } from "../src/local-postgres";

const pg = await startLocalPostgres();
console.log(`PostgreSQL running: ${pg.url}\nexport DATABASE_URL='${pg.url}'   # Ctrl+C stops it`);
const stop = () => void pg.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
setInterval(() => {}, 1 << 30);
