// `pnpm bench:api [--tasks 1000000 --rounds 5 --duration 8 --connections 16 --search "landing page" --no-build --metrics]`:
// the API against a bare baseline server that sends the same SQL in the same RLS transaction
// (bench/baseline/), side by side on this machine, over the `pnpm db:seed:large` organization
// (seeded when missing). Both run as compiled JavaScript in their own processes; autocannon
// drives them with the same load, interleaved A/B over several rounds. Prints, per endpoint:
// throughput ratio, p50/p99, Node CPU per request, SQL statements per request, RSS, cold start,
// and the verdicts against the targets. A benchmark prints figures; it is not a timed test.
import { spawn, type ChildProcess } from "node:child_process";
import { measureAiOverhead } from "./bench/ai-overhead";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { cpus, loadavg, totalmem } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { resolveDatabaseUrl } from "@agency/db/local-postgres";
import { migrateDeploy } from "@agency/db/migrations";
import { apiEnvSchema } from "@agency/validators";
import pg from "pg";
import { createBaseline } from "../bench/baseline/app";
import {
  recordStatements as recordServiceStatements,
  type RecordedStatements,
} from "../bench/baseline/recorded-statements";
import { createApi } from "../src/app";
import { createLogger } from "../src/observability/logger";
import { formatTable, summarize } from "./bench/latency";
import { productionNodeArgs, productionNodeFlags } from "./production-command";
import { isDataStatement, recordStatements } from "./bench/statement-log";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    tasks: { type: "string", default: "1000000" },
    rounds: { type: "string", default: "5" },
    duration: { type: "string", default: "8" },
    connections: { type: "string", default: "16" },
    search: { type: "string", default: "landing page" },
    "sequential-requests": { type: "string", default: "200" },
    build: { type: "boolean", default: true },
    "no-build": { type: "boolean", default: false },
    // Observability is off unless asked for: `--metrics` serves /metrics (METRICS_TOKEN) from ours.
    metrics: { type: "boolean", default: false },
    // Streamed calls per path for the LLM gateway's time-to-first-token overhead.
    "ai-rounds": { type: "string", default: "40" },
  },
});
const TASKS = Number(args.tasks);
const ROUNDS = Number(args.rounds);
const DURATION_S = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const SEQUENTIAL = Number(args["sequential-requests"]);
const SECRET = randomBytes(32).toString("hex");
const POOL_MAX = 10;
const appDir = path.resolve(import.meta.dirname, "..");
const repoDir = path.resolve(appDir, "../..");
const CLK_TCK = 100; // Linux USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s.

const log = (line: string) => console.log(line);
let recordedStatements: RecordedStatements;

// ─── Database and seed ──────────────────────────────────────────────────────────
const db = await resolveDatabaseUrl();
const admin = new pg.Client({ connectionString: db.url, application_name: "agency-bench-api" });
let children: ChildProcess[] = [];
const cleanup = async () => {
  for (const child of children) child.kill("SIGTERM");
  await admin.end().catch(() => undefined);
  await db.stop();
};
process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));

try {
  await migrateDeploy(db.url);
  await admin.connect();
  const target = await ensureSeed();
  const recorded = await recordServiceStatements(target.orgId);
  recordedStatements = recorded;
  log(`organization scale-test: ${target.tasks.toLocaleString("en-US")} live tasks`);
  const sessionId = await newSession(target.ownerId);
  const limitedSession = await newSession(target.ownerId);

  if (args.build && !args["no-build"]) await run("pnpm", ["--filter", "@agency/api", "build"], repoDir);

  // ─── Statements per request (in-process, counted on each server's pg pool) ───
  const statements = await countStatements(target, sessionId, recorded);

  // ─── Cold start: spawn → first 200 on /readyz, three times each ───
  const cold = { ours: [] as number[], baseline: [] as number[] };
  for (let i = 0; i < 3; i++) {
    for (const which of ["ours", "baseline"] as const) {
      const server = await startServer(which, target);
      cold[which].push(server.coldStartMs);
      await server.stop();
    }
  }

  // ─── The pair under load ───
  const ours = await startServer("ours", target);
  const baseline = await startServer("baseline", target);
  children = [ours.child, baseline.child];
  const headers = { "x-internal-secret": SECRET, "x-agency-session": sessionId, "x-agency-client-ip": "127.0.0.1" };
  const input = (value: object) => encodeURIComponent(JSON.stringify(value));
  const endpoints = {
    "tasks.list": `/trpc/tasks.list?input=${input({ orgId: target.orgId, limit: 50 })}`,
    "tasks.get": `/trpc/tasks.get?input=${input({ orgId: target.orgId, taskId: target.taskId })}`,
    search: `/trpc/tasks.list?input=${input({ orgId: target.orgId, limit: 50, search: args.search })}`,
    "/healthz": "/healthz",
  } as const;
  type Endpoint = keyof typeof endpoints;
  // The same list through the REST API (/api/v1, the same procedure): ours only, against ours on /trpc.
  const restList = "/api/v1/tasks?limit=50";
  const restHeaders = { ...headers, "x-org-id": target.orgId };

  const identical: Record<string, boolean> = {};
  for (const name of ["tasks.list", "tasks.get", "search"] as const) {
    const a = await fetchText(ours.base + endpoints[name], headers);
    const b = await fetchText(baseline.base + endpoints[name], headers);
    identical[name] = a.status === 200 && a.body === b.body;
    if (!identical[name])
      log(
        `! ${name}: responses differ (ours ${a.status} ${a.body.slice(0, 120)} … baseline ${b.status} ${b.body.slice(0, 120)})`,
      );
  }

  {
    const viaRest = await fetchText(ours.base + restList, restHeaders);
    const viaTrpc = await fetchText(ours.base + endpoints["tasks.list"], headers);
    const restIds =
      viaRest.status === 200 ? (JSON.parse(viaRest.body) as { data: { id: string }[] }).data.map((t) => t.id) : [];
    const trpcIds = (
      JSON.parse(viaTrpc.body) as { result: { data: { items: { id: string }[] } } }
    ).result.data.items.map((t) => t.id);
    identical.rest = viaRest.status === 200 && restIds.join() === trpcIds.join();
    if (!identical.rest) log(`! REST list: differs from tRPC (${viaRest.status} ${viaRest.body.slice(0, 120)})`);
  }

  // Sequential latency (one request at a time), ours: the first page as a user sees it.
  const sequential: Record<string, ReturnType<typeof summarize>> = {};
  for (const name of ["tasks.list", "tasks.get", "search"] as const) {
    const samples: number[] = [];
    for (let i = 0; i < SEQUENTIAL + 10; i++) {
      const started = performance.now();
      const reply = await fetchText(ours.base + endpoints[name], headers);
      if (reply.status !== 200) throw new Error(`${name} answered ${reply.status}: ${reply.body.slice(0, 200)}`);
      if (i >= 10) samples.push(performance.now() - started);
    }
    sequential[name] = summarize(samples);
  }

  type Sample = { rps: number; p50: number; p99: number; cpuMsPerRequest: number; rssMb: number; errors: number };
  const results = new Map<string, Sample[]>();
  const record = (key: string, sample: Sample) => results.set(key, [...(results.get(key) ?? []), sample]);
  log(`\nload: ${CONNECTIONS} connections, ${DURATION_S} s per run, ${ROUNDS} rounds, A/B order alternating`);
  const loadRest = async (round: number) => {
    const sample = await load(ours, restList, restHeaders);
    record("rest|ours", sample);
    log(
      `  round ${round + 1} ${"REST list".padEnd(11)} ${"ours".padEnd(8)} ${sample.rps.toFixed(0).padStart(6)} req/s  p50 ${sample.p50} ms  p99 ${sample.p99} ms  ${sample.cpuMsPerRequest.toFixed(3)} ms CPU/req${sample.errors ? `  ${sample.errors} errors` : ""}`,
    );
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of Object.keys(endpoints) as Endpoint[]) {
      // REST's list beside ours on /trpc, alternating which goes first like the A/B pairs.
      if (name === "tasks.list" && round % 2 === 1) await loadRest(round);
      const pair =
        round % 2 === 0
          ? ([
              ["ours", ours],
              ["baseline", baseline],
            ] as const)
          : ([
              ["baseline", baseline],
              ["ours", ours],
            ] as const);
      for (const [which, server] of pair) {
        const sample = await load(server, endpoints[name], headers);
        record(`${name}|${which}`, sample);
        log(
          `  round ${round + 1} ${name.padEnd(11)} ${which.padEnd(8)} ${sample.rps.toFixed(0).padStart(6)} req/s  p50 ${sample.p50} ms  p99 ${sample.p99} ms  ${sample.cpuMsPerRequest.toFixed(3)} ms CPU/req${sample.errors ? `  ${sample.errors} errors` : ""}`,
        );
      }
      if (name === "tasks.list" && round % 2 === 0) await loadRest(round);
    }
  }
  await ours.stop();
  await baseline.stop();

  // ─── A refused call against /healthz, on an instance whose read budget is spent ───
  const limited = await startServer("ours", target, { RATE_LIMIT_SCALE: "0.01" });
  children = [limited.child];
  const limitedHeaders = { ...headers, "x-agency-session": limitedSession };
  for (let i = 0; i < 10; i++) await fetchText(limited.base + endpoints["tasks.list"], limitedHeaders);
  const refusals: { refused: Sample[]; health: Sample[] } = { refused: [], health: [] };
  for (let round = 0; round < ROUNDS; round++) {
    refusals.refused.push(await load(limited, endpoints["tasks.list"], limitedHeaders, 429));
    refusals.health.push(await load(limited, "/healthz", {}));
  }
  await limited.stop();
  children = [];

  // ─── Report ───
  const median = (values: number[]) => summarize(values).p50;
  const of = (key: string, field: keyof Sample) => median((results.get(key) ?? []).map((s) => s[field]));
  const rssOf = (which: string) =>
    Math.max(...[...results].filter(([k]) => k.endsWith(`|${which}`)).flatMap(([, s]) => s.map((x) => x.rssMb)));
  const rows = (Object.keys(endpoints) as Endpoint[]).map((name) => {
    const o = (f: keyof Sample) => of(`${name}|ours`, f);
    const b = (f: keyof Sample) => of(`${name}|baseline`, f);
    const stmts = statements[name];
    return [
      name,
      `${(o("rps") / b("rps")).toFixed(2)}×`,
      `${o("rps").toFixed(0)} / ${b("rps").toFixed(0)}`,
      `${o("p50")} / ${b("p50")} ms`,
      `${o("p99")} / ${b("p99")} ms`,
      `${o("cpuMsPerRequest").toFixed(2)} / ${b("cpuMsPerRequest").toFixed(2)} ms`,
      stmts ? `${stmts.ours} / ${stmts.baseline}` : "–",
      name === "/healthz" ? "–" : identical[name] ? "yes" : "NO",
    ];
  });
  const refusedCpu = median(refusals.refused.map((s) => s.cpuMsPerRequest));
  const healthCpu = median(refusals.health.map((s) => s.cpuMsPerRequest));
  const oursRss = rssOf("ours");
  const baseRss = rssOf("baseline");
  const ratio = (name: Endpoint) => of(`${name}|ours`, "rps") / of(`${name}|baseline`, "rps");
  const restRatio = of("rest|ours", "rps") / of("tasks.list|ours", "rps");

  log(`\n${machineLine()}`);
  log(
    `PostgreSQL ${(await admin.query("SHOW server_version")).rows[0].server_version}; ${target.tasks.toLocaleString("en-US")} live tasks in the benchmarked organization; pool ${POOL_MAX} per server; ` +
      `both servers run as \`node ${productionNodeFlags("start").join(" ") || "(no flags)"}\` (apps/api "start")\n`,
  );
  log(
    formatTable(
      [
        "endpoint",
        "throughput ours/base",
        "req/s ours / base",
        "p50 ours / base",
        "p99 ours / base",
        "Node CPU/req ours / base",
        "SQL statements/req",
        "same bytes",
      ],
      rows,
    ),
  );
  log(
    `\n${formatTable(
      ["measure", "ours", "baseline", "ratio"],
      [
        [
          "cold start to first 200 on /readyz (median of 3)",
          `${median(cold.ours).toFixed(0)} ms`,
          `${median(cold.baseline).toFixed(0)} ms`,
          `${(median(cold.ours) / median(cold.baseline)).toFixed(2)}×`,
        ],
        [
          "RSS under load (max)",
          `${oursRss.toFixed(0)} MB`,
          `${baseRss.toFixed(0)} MB`,
          `${(oursRss / baseRss).toFixed(2)}×`,
        ],
        [
          "Node CPU per refused call (429) vs /healthz",
          `${refusedCpu.toFixed(3)} ms`,
          `${healthCpu.toFixed(3)} ms (/healthz)`,
          `${(refusedCpu / healthCpu).toFixed(2)}×`,
        ],
      ],
    )}`,
  );
  log(
    `\n${formatTable(
      [
        "REST vs tRPC (ours, same procedure)",
        "throughput REST/tRPC",
        "req/s REST / tRPC",
        "p50 REST / tRPC",
        "Node CPU/req REST / tRPC",
      ],
      [
        [
          `GET ${restList} vs tasks.list`,
          `${restRatio.toFixed(2)}×`,
          `${of("rest|ours", "rps").toFixed(0)} / ${of("tasks.list|ours", "rps").toFixed(0)}`,
          `${of("rest|ours", "p50")} / ${of("tasks.list|ours", "p50")} ms`,
          `${of("rest|ours", "cpuMsPerRequest").toFixed(2)} / ${of("tasks.list|ours", "cpuMsPerRequest").toFixed(2)} ms`,
        ],
      ],
    )}`,
  );
  log(
    `\n${formatTable(
      ["sequential, one at a time (ours)", "p50", "p95", "max"],
      (["tasks.list", "tasks.get", "search"] as const).map((name) => [
        name,
        `${sequential[name]!.p50.toFixed(1)} ms`,
        `${sequential[name]!.p95.toFixed(1)} ms`,
        `${sequential[name]!.max.toFixed(1)} ms`,
      ]),
    )}`,
  );
  const verdicts: [string, boolean][] = [
    [`tasks.list throughput ≥ 0.6× baseline (${ratio("tasks.list").toFixed(2)}×)`, ratio("tasks.list") >= 0.6],
    [`tasks.get throughput ≥ 0.6× baseline (${ratio("tasks.get").toFixed(2)}×)`, ratio("tasks.get") >= 0.6],
    [`REST list throughput ≥ 0.9× the tRPC list (${restRatio.toFixed(2)}×)`, restRatio >= 0.9],
    [`a 429 costs ≤ 2× /healthz (${(refusedCpu / healthCpu).toFixed(2)}×)`, refusedCpu / healthCpu <= 2],
    [
      `search first page p50 ≤ 50 ms at ${target.tasks.toLocaleString("en-US")} tasks (${sequential.search!.p50.toFixed(1)} ms)`,
      sequential.search!.p50 <= 50,
    ],
    [`cold start ≤ 1 s (${median(cold.ours).toFixed(0)} ms)`, median(cold.ours) <= 1000],
    [`RSS under load ≤ 1.5× baseline (${(oursRss / baseRss).toFixed(2)}×)`, oursRss / baseRss <= 1.5],
    [
      `responses byte-identical to the baseline's (and REST's list the same tasks as tRPC's)`,
      Object.values(identical).every(Boolean),
    ],
  ];
  // The LLM gateway's own overhead per streamed call (figures only, no target): README "AI assistant".
  log(`\n${await measureAiOverhead(db.url, Number(args["ai-rounds"]))}`);
  log("");
  for (const [text, ok] of verdicts) log(`${ok ? "PASS" : "FAIL"}  ${text}`);
  await cleanup();
  // Like bench:tasks: a missed target is a non-zero exit (the figures above say by how much).
  process.exit(verdicts.every(([, ok]) => ok) ? 0 : 1);
} catch (error) {
  console.error(`bench:api failed: ${(error as Error).stack ?? error}`);
  await cleanup();
  process.exit(1);
}

// ─── Helpers ────────────────────────────────────────────────────────────────────

interface Target {
  orgId: string;
  ownerId: string;
  taskId: string;
  tasks: number;
}

async function findTarget(): Promise<Target | null> {
  const { rows } = await admin.query<{ org_id: string; owner_id: string; task_id: string | null; tasks: string }>(`
    SELECT o.id AS org_id,
           (SELECT m.user_id FROM memberships m WHERE m.org_id = o.id AND m.role = 'owner' ORDER BY m.created_at LIMIT 1) AS owner_id,
           (SELECT t.id FROM tasks t JOIN projects p ON p.id = t.project_id AND p.deleted_at IS NULL
             WHERE t.org_id = o.id AND t.deleted_at IS NULL ORDER BY t.created_at DESC LIMIT 1 OFFSET 5000) AS task_id,
           (SELECT count(*) FROM tasks t WHERE t.org_id = o.id AND t.deleted_at IS NULL) AS tasks
      FROM organizations o WHERE o.slug = 'scale-test'`);
  const row = rows[0];
  if (!row?.task_id) return null;
  return { orgId: row.org_id, ownerId: row.owner_id, taskId: row.task_id, tasks: Number(row.tasks) };
}

/** The large organization, seeded (or re-seeded) when it is missing or smaller than asked. */
async function ensureSeed(): Promise<Target> {
  const existing = await findTarget();
  if (existing && existing.tasks >= TASKS * 0.95) return existing;
  log(`seeding ${TASKS.toLocaleString("en-US")} tasks (pnpm db:seed:large) …`);
  await run(
    "pnpm",
    ["--filter", "@agency/db", "exec", "tsx", "scripts/seed-large.ts", "--tasks", String(TASKS)],
    repoDir,
    {
      DATABASE_URL: db.url,
    },
  );
  const seeded = await findTarget();
  if (!seeded) throw new Error("the large seed did not produce the scale-test organization");
  return seeded;
}

/** A session row for the owner, as sign-in would create it. */
async function newSession(userId: string): Promise<string> {
  const id = randomUUID();
  await admin.query(
    `INSERT INTO sessions (id, user_id, expires_at, last_seen_at, ip, user_agent) VALUES ($1, $2, now() + interval '6 hours', now(), '127.0.0.1', 'bench-api')`,
    [id, userId],
  );
  return id;
}

/** SQL statements one request sends, counted in this process on each server's own pg pool. */
async function countStatements(target: Target, sessionId: string, recorded: RecordedStatements) {
  const recorder = recordStatements("agency-api");
  const baselineRecorder = recordStatements("agency-bench-baseline");
  const env = apiEnvSchema.parse({
    DATABASE_URL: db.url,
    NODE_ENV: "production",
    INTERNAL_API_SECRET: SECRET,
    RATE_LIMIT_SCALE: "1000",
    DATABASE_POOL_MAX: String(POOL_MAX),
  });
  const api = await createApi({ env, log: createLogger({ level: "silent" }) });
  const base = await createBaseline({
    databaseUrl: db.url,
    poolMax: POOL_MAX,
    orgId: target.orgId,
    sessionTtlSeconds: 12 * 3600,
    statements: recorded,
  });
  const headers = { "x-internal-secret": SECRET, "x-agency-session": sessionId };
  const inputs: Record<string, object> = {
    "tasks.list": { orgId: target.orgId, limit: 50 },
    "tasks.get": { orgId: target.orgId, taskId: target.taskId },
    search: { orgId: target.orgId, limit: 50, search: args.search },
  };
  const counts: Record<string, { ours: number; baseline: number; oursData: number }> = {};
  try {
    for (const [name, value] of Object.entries(inputs)) {
      const procedure = name === "search" ? "tasks.list" : name;
      const url = `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(value))}`;
      await api.app.inject({ method: "GET", url, headers }); // warm
      await base.app.inject({ method: "GET", url, headers });
      recorder.take();
      baselineRecorder.take();
      const mine = await api.app.inject({ method: "GET", url, headers });
      if (mine.statusCode !== 200) throw new Error(`${name}: ${mine.statusCode} ${mine.body.slice(0, 200)}`);
      const ourStatements = recorder.take();
      await base.app.inject({ method: "GET", url, headers });
      counts[name] = {
        ours: ourStatements.length,
        oursData: ourStatements.filter((s) => isDataStatement(s.text)).length,
        baseline: baselineRecorder.take().length,
      };
    }
    recorder.take();
    await api.app.inject({ method: "GET", url: "/healthz" });
    counts["/healthz"] = { ours: recorder.take().length, baseline: 0, oursData: 0 };
  } finally {
    recorder.restore();
    baselineRecorder.restore();
    await api.close();
    await base.close();
  }
  return counts;
}

interface Server {
  base: string;
  child: ChildProcess;
  coldStartMs: number;
  stop(): Promise<void>;
}

/** Spawns a compiled server on a free port and waits for its first 200 on /readyz. */
async function startServer(
  which: "ours" | "baseline",
  target: Target,
  extraEnv: Record<string, string> = {},
): Promise<Server> {
  const port = await freePort();
  // Both run with the Node flags `pnpm start` uses (apps/api/package.json): the same runtime, as production runs ours.
  const nodeArgs = which === "ours" ? productionNodeArgs("start") : [...productionNodeFlags("start"), "dist/bench-baseline.js"];
  // One instance each: in-process rate limits, so no REDIS_URL; observability only with --metrics.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== "REDIS_URL" && !/^(OTEL_|METRICS_|SENTRY_)/.test(name)),
  );
  const env = {
    ...inherited,
    DATABASE_URL: db.url,
    DATABASE_POOL_MAX: String(POOL_MAX),
    NODE_ENV: "production",
    ...(which === "ours"
      ? {
          API_PORT: String(port),
          INTERNAL_API_SECRET: SECRET,
          RATE_LIMIT_SCALE: "1000",
          LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
          ...(args.metrics ? { METRICS_TOKEN: randomBytes(24).toString("hex") } : {}),
        }
      : {
          PORT: String(port),
          BENCH_ORG_ID: target.orgId,
          BENCH_STATEMENTS: Buffer.from(JSON.stringify(recordedStatements)).toString("base64url"),
        }),
    ...extraEnv,
  };
  const started = performance.now();
  // Logs (one line per request) are written, as in production, to a pipe that is drained.
  const child = spawn(process.execPath, nodeArgs, { cwd: appDir, env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stdout!.resume();
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${which} exited (${child.exitCode}): ${stderr.slice(0, 500)}`);
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (performance.now() - started > 30_000) throw new Error(`${which} not ready after 30 s: ${stderr.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const coldStartMs = performance.now() - started;
  return {
    base,
    child,
    coldStartMs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** A port the OS reports free now (a random pick once collided with a port in use). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** CPU time (user + system) the process used so far, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) / 1024;
}

/** One autocannon run; the server's CPU per request from /proc. `expect` is the status every answer should have. */
async function load(server: Server, pathAndQuery: string, headers: Record<string, string>, expect = 200) {
  const pid = server.child.pid!;
  const cpuBefore = cpuMs(pid);
  const result = await autocannon({
    url: server.base + pathAndQuery,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers,
    expectBody: undefined,
  });
  const cpuAfter = cpuMs(pid);
  const requests = result.requests.total;
  const unexpected =
    expect === 200
      ? result.non2xx + result.errors
      : result.errors +
        (result.statusCodeStats?.[String(expect) as "429"]
          ? requests - Number(result.statusCodeStats[String(expect) as "429"]!.count)
          : requests);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerRequest: requests ? (cpuAfter - cpuBefore) / requests : Number.NaN,
    rssMb: rssMb(pid),
    errors: unexpected,
  };
}

async function fetchText(url: string, headers: Record<string, string>) {
  const response = await fetch(url, { headers });
  return { status: response.status, body: await response.text() };
}

function run(command: string, commandArgs: string[], cwd: string, env: Record<string, string> = {}) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd, env: { ...process.env, ...env }, stdio: "inherit" });
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${commandArgs.join(" ")} exited ${code}`)),
    );
  });
}

function machineLine() {
  const cpu = cpus();
  return (
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ` +
    `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`
  );
}
