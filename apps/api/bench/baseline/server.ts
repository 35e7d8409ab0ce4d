/** Entry point of the bare baseline (bench/baseline/app.ts), built to dist/bench-baseline.js. */
import { createBaseline } from "./app";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`bench-baseline: ${name} is required`);
  return value;
}

const { app, close } = await createBaseline({
  databaseUrl: required("DATABASE_URL"),
  poolMax: Number(process.env.DATABASE_POOL_MAX ?? 10),
  orgId: required("BENCH_ORG_ID"),
  sessionTtlSeconds: Number(process.env.SESSION_TTL_HOURS ?? 12) * 3600,
  // Recorded by the benchmark from the API's own services (recorded-statements.ts).
  statements: JSON.parse(Buffer.from(required("BENCH_STATEMENTS"), "base64url").toString("utf8")),
});
const address = await app.listen({ host: "127.0.0.1", port: Number(process.env.PORT ?? 0) });
console.log(JSON.stringify({ msg: "baseline listening", address }));
const stop = () => void close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
