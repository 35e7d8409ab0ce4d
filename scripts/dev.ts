/**
 * `pnpm dev`: starts PostgreSQL if DATABASE_URL is unset (embedded, data in
 * .data/postgres), applies migrations with `prisma migrate deploy`, seeds demo
 * data, then runs api, the job worker and web in watch mode through turbo.
 */
import { type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { migrateAndSeed, onShutdown, provideDatabase, run, waitForUrl } from "./stack";

const apiPort = Number(process.env.API_PORT ?? 4000);
const webPort = Number(process.env.WEB_PORT ?? 3000);

const db = await provideDatabase({ url: process.env.DATABASE_URL });
console.log(db.embedded ? `▸ Embedded PostgreSQL running (${redact(db.url)})` : `▸ Using DATABASE_URL (${redact(db.url)})`);
const children: ChildProcess[] = [];
const stop = onShutdown(() => children, db.stop);

try {
  await migrateAndSeed(db.url);
  console.log("▸ Migrations applied (prisma migrate deploy) and demo data seeded");
} catch (error) {
  console.error(`✖ Database setup failed: ${(error as Error).message}`);
  await stop(1);
}

const turbo = run(
  "dev",
  "pnpm",
  // dev:worker is the job worker (apps/api/src/worker.ts) beside the API: mail and webhook delivery, the trash purge.
  ["exec", "turbo", "run", "dev", "dev:worker", "--filter=@agency/api", "--filter=@agency/web", "--ui=stream"],
  {
    env: {
      DATABASE_URL: db.url,
      API_PORT: String(apiPort),
      WEB_PORT: String(webPort),
      API_URL: process.env.API_URL ?? `http://127.0.0.1:${apiPort}`,
      CORS_ORIGINS: process.env.CORS_ORIGINS ?? `http://localhost:${webPort},http://127.0.0.1:${webPort}`,
      // Shared by api and web only; a fresh one per run unless you pin it.
      INTERNAL_API_SECRET: process.env.INTERNAL_API_SECRET ?? randomBytes(32).toString("hex"),
      // Session cookies are encrypted with it; a fresh one per run signs everyone out on restart.
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? randomBytes(32).toString("hex"),
      NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${webPort}`,
      APP_URL: process.env.APP_URL ?? `http://localhost:${webPort}`,
      NEXT_TELEMETRY_DISABLED: "1",
      TURBO_TELEMETRY_DISABLED: "1",
    },
  },
);
children.push(turbo);
turbo.on("exit", (code) => void stop(code ?? 1));

await Promise.all([waitForUrl(`http://127.0.0.1:${apiPort}/healthz`, 120_000), waitForUrl(`http://127.0.0.1:${webPort}/`, 180_000)]).then(
  () => console.log(`\n✔ Agency OS is running\n   Web  http://localhost:${webPort}\n   API  http://localhost:${apiPort}  (/healthz, /readyz, /trpc)\n`),
  (error: Error) => console.error(`✖ ${error.message}`),
);

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, "//$1:***@");
}
