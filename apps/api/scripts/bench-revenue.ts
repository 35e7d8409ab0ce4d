// `pnpm bench:revenue [--iterations 40 --warmup 5 --clients 2000 --retainers 5000 --years 5 --reseed]`:
// seeds (once) an organization with 2,000 clients, 5,000 retainers and 5 years of changes
// (price and quantity changes, discounts, pauses, cancellations, comebacks, back-dated
// corrections, three currencies with monthly rates), then times the 60-month movement table
// through the real procedure chain (tRPC caller → tenant transaction as app_user with RLS →
// loadRevenueHistory (fingerprint check, parsed history cached per process) → computeRevenue),
// and times cold runs split into the uncached read (SQL) and the engine.
// Prints p50/p95, the machine (nproc, CPU model) and the date.
import { execSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { resolveDatabaseUrl } from "@agency/db/local-postgres";
import { apiEnvSchema } from "@agency/validators";
import pg from "pg";
import { createApi } from "../src/app";
import { createLogger } from "../src/observability/logger";
import { computeRevenue } from "../src/revenue/engine";
import { readRevenueHistory } from "../src/revenue/load";
import { addMonths, monthKeyOf } from "../src/revenue/months";
import { appRouter } from "../src/routers/app-router";
import { createContext } from "../src/trpc/context";
import { createCallerFactory } from "../src/trpc/trpc";
import { formatTable, ms, summarize } from "./bench/latency";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    iterations: { type: "string", default: "40" },
    warmup: { type: "string", default: "5" },
    clients: { type: "string", default: "2000" },
    retainers: { type: "string", default: "5000" },
    years: { type: "string", default: "5" },
    slug: { type: "string", default: "revenue-bench" },
    reseed: { type: "boolean", default: false },
  },
});
const ITERATIONS = Number(args.iterations);
const WARMUP = Number(args.warmup);
const CLIENTS = Number(args.clients);
const RETAINERS = Number(args.retainers);
const YEARS = Number(args.years);
const TARGET_P50_MS = 200;

/** Deterministic PRNG (mulberry32): the same history every run. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function seed(admin: pg.Client, slug: string) {
  const started = performance.now();
  await admin.query("BEGIN");
  const org = await admin.query<{ id: string }>(
    `INSERT INTO organizations (id, name, slug, updated_at) VALUES (gen_random_uuid(), 'Revenue bench', $1, now()) RETURNING id`,
    [slug],
  );
  const orgId = org.rows[0]!.id;
  const user = await admin.query<{ id: string }>(
    `INSERT INTO users (id, email, name, updated_at) VALUES (gen_random_uuid(), $1, 'Bench owner', now()) RETURNING id`,
    [`owner@${slug}.bench`],
  );
  await admin.query(
    `INSERT INTO memberships (id, org_id, user_id, role, updated_at) VALUES (gen_random_uuid(), $1, $2, 'owner', now())`,
    [orgId, user.rows[0]!.id],
  );
  const clients = await admin.query<{ id: string }>(
    `INSERT INTO clients (id, org_id, name, updated_at)
     SELECT gen_random_uuid(), $1, 'Client ' || g, now() FROM generate_series(1, $2::int) g RETURNING id`,
    [orgId, CLIENTS],
  );
  const clientIds = clients.rows.map((row) => row.id);
  const next = random(42);
  const now = new Date();
  const historyStart = Date.UTC(now.getUTCFullYear() - YEARS, now.getUTCMonth(), 1);
  const span = now.getTime() - historyStart;
  const DAY = 86_400_000;

  const retainerRows = { id: [] as string[], client: [] as string[], currency: [] as string[] };
  const versions: unknown[][] = [[], [], [], [], [], [], [], [], [], [], [], [], [], [], [], [], [], [], [], []];
  const push = (...values: unknown[]) => values.forEach((value, index) => versions[index]!.push(value));
  for (let index = 0; index < RETAINERS; index++) {
    const id = crypto.randomUUID();
    const client = clientIds[index % clientIds.length]!;
    const roll = next();
    const currency = roll < 0.8 ? "USD" : roll < 0.9 ? "EUR" : "GBP";
    retainerRows.id.push(id);
    retainerRows.client.push(client);
    retainerRows.currency.push(currency);
    const interval = next() < 0.7 ? "month" : next() < 0.5 ? "quarter" : "year";
    const startsAt = new Date(historyStart + Math.floor(next() * span * 0.9));
    let unit = BigInt(50_000 + Math.floor(next() * 20) * 25_000);
    let quantity = 1 + Math.floor(next() * 3);
    let status = next() < 0.1 ? "trialing" : "active";
    let endsAt: Date | null = null;
    let effective = startsAt;
    let version = 1;
    const trialEnds = status === "trialing" ? new Date(startsAt.getTime() + 14 * DAY) : null;
    if (status === "trialing") status = "active";
    const emit = (
      discount: null | {
        kind: "percent" | "amount";
        bp: number | null;
        amount: bigint | null;
        duration: string;
        months: number | null;
      },
      recorded: Date,
    ) => {
      push(
        id,
        client,
        version,
        effective,
        recorded,
        status,
        unit.toString(),
        quantity,
        interval,
        currency,
        discount?.kind ?? null,
        discount?.bp ?? null,
        discount?.amount?.toString() ?? null,
        discount?.duration ?? null,
        discount?.months ?? null,
        null,
        trialEnds,
        startsAt,
        endsAt,
        orgId,
      );
      version++;
    };
    emit(
      next() < 0.15
        ? { kind: "percent", bp: 1000 + Math.floor(next() * 3) * 1000, amount: null, duration: "repeating", months: 3 }
        : null,
      effective,
    );
    const changes = Math.floor(next() * 7);
    for (let change = 0; change < changes && endsAt === null; change++) {
      effective = new Date(effective.getTime() + Math.floor(next() * 240 * DAY) + DAY);
      if (effective.getTime() > now.getTime()) break;
      const kind = next();
      let discount: Parameters<typeof emit>[0] = null;
      if (kind < 0.35) unit += 25_000n;
      else if (kind < 0.5) unit = unit > 50_000n ? unit - 25_000n : unit;
      else if (kind < 0.6) quantity += 1;
      else if (kind < 0.7) discount = { kind: "amount", bp: null, amount: 10_000n, duration: "forever", months: null };
      else if (kind < 0.8) status = status === "paused" ? "active" : "paused";
      else if (kind < 0.9) endsAt = new Date(effective.getTime() + 30 * DAY);
      else status = "past_due";
      // One change in ten is recorded late: a back-dated correction.
      const recorded = next() < 0.1 ? new Date(effective.getTime() + 20 * DAY) : effective;
      emit(discount, recorded);
    }
  }
  await admin.query(
    `INSERT INTO retainers (id, org_id, client_id, name, currency, updated_at)
     SELECT r.id, $1, r.client, 'Retainer', r.currency, now() FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS r(id, client, currency)`,
    [orgId, retainerRows.id, retainerRows.client, retainerRows.currency],
  );
  await admin.query(
    `INSERT INTO retainer_versions (id, retainer_id, client_id, version, effective_at, recorded_at, status, unit_amount, quantity,
        interval, currency, discount_kind, discount_percent_bp, discount_amount, discount_duration, discount_months,
        discount_starts_at, trial_ends_at, starts_at, ends_at, org_id)
     SELECT gen_random_uuid(), v.* FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::timestamptz[], $5::timestamptz[],
        $6::retainer_status[], $7::bigint[], $8::int[], $9::billing_interval[], $10::text[], $11::discount_kind[], $12::int[],
        $13::bigint[], $14::discount_duration[], $15::int[], $16::timestamptz[], $17::timestamptz[], $18::timestamptz[],
        $19::timestamptz[], $20::uuid[]) AS v`,
    versions,
  );
  // Month-end rates for EUR and GBP over the whole history.
  await admin.query(
    `INSERT INTO exchange_rates (id, org_id, currency, day, rate, updated_at)
     SELECT gen_random_uuid(), $1, c.currency, (date_trunc('month', d) + interval '1 month - 1 day')::date,
            round((c.base + 0.05 * sin(extract(epoch FROM d) / 5e6))::numeric, 6), now()
     FROM generate_series($2::timestamptz, now(), interval '1 month') d
     CROSS JOIN (VALUES ('EUR', 1.1), ('GBP', 1.27)) AS c(currency, base)`,
    [orgId, new Date(historyStart)],
  );
  await admin.query("COMMIT");
  await admin.query("ANALYZE retainer_versions; ANALYZE retainers; ANALYZE exchange_rates");
  console.log(
    `Seeded ${CLIENTS} clients, ${RETAINERS} retainers, ${versions[0]!.length} versions in ${ms(performance.now() - started)}.`,
  );
}

const db = await resolveDatabaseUrl();
const admin = new pg.Client({ connectionString: db.url, application_name: "agency-bench-revenue" });
await admin.connect();
const env = apiEnvSchema.parse({
  DATABASE_URL: db.url,
  NODE_ENV: "production",
  LOG_LEVEL: "warn",
  RATE_LIMIT_SCALE: "1000",
});
const api = await createApi({ env, log: createLogger({ level: "warn" }) });
try {
  let target = await admin.query<{ org_id: string; user_id: string }>(
    `SELECT m.org_id, m.user_id FROM organizations o JOIN memberships m ON m.org_id = o.id AND m.role = 'owner' WHERE o.slug = $1`,
    [args.slug],
  );
  if (target.rows.length && args.reseed) {
    await admin.query(`DELETE FROM organizations WHERE slug = $1`, [args.slug]).catch(() => undefined);
    target = { ...target, rows: [] };
  }
  if (!target.rows.length) {
    await seed(admin, args.slug);
    target = await admin.query(
      `SELECT m.org_id, m.user_id FROM organizations o JOIN memberships m ON m.org_id = o.id AND m.role = 'owner' WHERE o.slug = $1`,
      [args.slug],
    );
  }
  const { org_id: orgId, user_id: userId } = target.rows[0]!;
  const counts = await admin.query<{ clients: string; retainers: string; versions: string }>(
    `SELECT (SELECT count(*) FROM clients WHERE org_id = $1) AS clients, (SELECT count(*) FROM retainers WHERE org_id = $1) AS retainers,
            (SELECT count(*) FROM retainer_versions WHERE org_id = $1) AS versions`,
    [orgId],
  );

  const caller = createCallerFactory(appRouter)(
    createContext({
      deps: api.deps,
      headers: new Headers(),
      requestId: "bench-revenue",
      ip: "127.0.0.1",
      actor: { userId },
    }),
  );
  const to = monthKeyOf(new Date());
  const from = addMonths(to, -59);
  const run = () => caller.revenue.movements({ orgId, to, months: 60 });
  for (let index = 0; index < WARMUP; index++) await run();
  const samples: number[] = [];
  let rows = 0;
  for (let index = 0; index < ITERATIONS; index++) {
    const started = performance.now();
    rows = (await run()).rows.length;
    samples.push(performance.now() - started);
  }
  // Cold runs (nothing cached) split in two: the SQL read under RLS, and the engine over what it returned.
  const split = { load: [] as number[], compute: [] as number[] };
  for (let index = 0; index < 10; index++) {
    await api.deps.db.tenant({ userId, orgId }, async ({ tx, sql, role }) => {
      const scope = {
        tx,
        sql,
        org: { id: orgId, role: role! },
        actor: { userId },
        request: { requestId: "bench", ip: null, userAgent: null },
      };
      let started = performance.now();
      const history = await readRevenueHistory(scope);
      split.load.push(performance.now() - started);
      started = performance.now();
      computeRevenue({ ...history, asOf: new Date(), fromMonth: from, toMonth: to, clientMonths: [] });
      split.compute.push(performance.now() - started);
    });
  }
  const total = summarize(samples);
  const load = summarize(split.load);
  const compute = summarize(split.compute);
  const cpuModel = cpus()[0]?.model ?? "unknown";
  const server = await admin.query<{ server_version: string }>("SHOW server_version");
  console.log(`\nrevenue.movements, ${rows} months (${from} … ${to}), ${ITERATIONS} runs after ${WARMUP} warm-up`);
  console.log(
    `Organization: ${counts.rows[0]!.clients} clients, ${counts.rows[0]!.retainers} retainers, ${counts.rows[0]!.versions} retainer versions`,
  );
  console.log(
    formatTable(
      ["what", "p50", "p95", "max"],
      [
        ["revenue.movements (procedure: tx + RLS + fingerprint + engine; history cached)", ms(total.p50), ms(total.p95), ms(total.max)],
        ["cold: uncached read, SQL under RLS", ms(load.p50), ms(load.p95), ms(load.max)],
        ["cold: engine over the history", ms(compute.p50), ms(compute.p95), ms(compute.max)],
      ],
    ),
  );
  let nproc = String(cpus().length);
  try {
    nproc = execSync("nproc", { encoding: "utf8" }).trim();
  } catch {
    // nproc is a coreutils tool; the logical CPU count above stands in where it is missing.
  }
  console.log(
    `\nMachine: nproc ${nproc}, ${cpuModel}, ${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg()
      .map((value) => value.toFixed(2))
      .join(" ")}; Node ${process.version}; PostgreSQL ${server.rows[0]!.server_version}; ${new Date().toISOString()}`,
  );
  console.log(`Target: p50 ≤ ${TARGET_P50_MS} ms → ${total.p50 <= TARGET_P50_MS ? "MET" : "NOT MET"}`);
} finally {
  await api.close();
  await admin.end();
  await db.stop();
}
