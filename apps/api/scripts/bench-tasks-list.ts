// `pnpm bench:tasks [--requests 200 --warmup 20 --depth 100000 --search "landing page" --only newest,filtered,search,board --explain]`:
// the real API in-process against the `pnpm db:seed:large` organization, tasks.list over
// real HTTP with the web proxy's headers (internal secret + session id). Prints latency
// per scenario, SQL statements per request at limit 10/50/100, and a verdict.
import { randomBytes } from "node:crypto";
import { cpus, loadavg, totalmem } from "node:os";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { resolveDatabaseUrl } from "@agency/db/local-postgres";
import { apiEnvSchema } from "@agency/validators";
import pg from "pg";
import { createApi } from "../src/app";
import { createLogger } from "../src/observability/logger";
import { INTERNAL_SECRET_HEADER, SESSION_HEADER } from "../src/services/auth/internal-secret";
import { createSession } from "../src/services/auth/sessions";
import { explainRequest } from "./bench/explain";
import { formatTable, ms, summarize } from "./bench/latency";
import { findDeepCursor, tasksListClient, type ListCall, type ListInput } from "./bench/list-client";
import { isDataStatement, recordStatements } from "./bench/statement-log";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    requests: { type: "string", default: "200" },
    warmup: { type: "string", default: "20" },
    depth: { type: "string", default: "100000" },
    "walk-budget": { type: "string", default: "300" },
    search: { type: "string", default: "landing page" },
    slug: { type: "string", default: "scale-test" },
    only: { type: "string", default: "newest,filtered,search,board" },
    explain: { type: "boolean", default: false },
  },
});
const REQUESTS = Number(args.requests);
const WARMUP = Number(args.warmup);
const DEPTH = Number(args.depth);
const WALK_BUDGET_MS = Number(args["walk-budget"]) * 1000;
const MAX_DEEP_RATIO = 1.5;
// The read limit is 600/min per actor and a run makes thousands of calls: raised for the run, not bypassed.
const RATE_LIMIT_SCALE = process.env.RATE_LIMIT_SCALE ?? "1000";

interface Scenario {
  key: string;
  name: string;
  input: ListInput;
}

const db = await resolveDatabaseUrl();
const admin = new pg.Client({ connectionString: db.url, application_name: "agency-bench" });
await admin.connect();
const recorder = recordStatements("agency-api");
const secret = randomBytes(32).toString("hex");
const env = apiEnvSchema.parse({
  DATABASE_URL: db.url,
  NODE_ENV: "production",
  LOG_LEVEL: "info",
  INTERNAL_API_SECRET: secret,
  RATE_LIMIT_SCALE,
});
// Request logs are produced (their cost is part of a request); only errors are kept, to explain a failure.
const errorLines: string[] = [];
const log = createLogger({
  level: env.LOG_LEVEL,
  destination: { write: (line: string) => void (line.includes('"level":"error"') && errorLines.push(line.trim())) },
});
const api = await createApi({ env, log });
let failed = false;
let sessionId: string | undefined;

try {
  const target = await findTarget(admin, args.slug);
  // The row sign-in would create; sent below exactly as the web proxy forwards a signed-in browser's call.
  const session = await api.deps.db.tenant({ userId: target.ownerId }, ({ tx }) =>
    createSession(tx, {
      userId: target.ownerId,
      request: { requestId: "bench-tasks-list", ip: "127.0.0.1", userAgent: "bench-tasks-list" },
      ttlHours: 2,
    }),
  );
  sessionId = session.id;
  await api.app.listen({ host: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  const call = tasksListClient(base, { [INTERNAL_SECRET_HEADER]: secret, [SESSION_HEADER]: session.id }, recorder.take);

  const { orgId } = target;
  const only = new Set(args.only.split(","));
  const scenarios: Scenario[] = [
    { key: "newest", name: "newest (default sort)", input: { orgId } },
    {
      key: "filtered",
      name: "status=in_progress + assignee",
      input: { orgId, status: ["in_progress"], assigneeId: target.busiestAssigneeId },
    },
    { key: "search", name: `search "${args.search}"`, input: { orgId, search: args.search } },
    {
      key: "board",
      name: "board order, one project",
      input: { orgId, projectId: target.biggestProjectId, sort: "position" },
    },
  ].filter((s) => only.has(s.key));

  console.log(await machineLine(admin));
  console.log(
    `Organization ${args.slug}: ${target.tasks.toLocaleString("en-US")} live tasks · ${REQUESTS} timed requests per row after ${WARMUP} warm-up · ` +
      `RATE_LIMIT_SCALE=${RATE_LIMIT_SCALE} · DATABASE_POOL_MAX=${env.DATABASE_POOL_MAX}\n`,
  );

  const latencyRows: string[][] = [];
  const verdicts: string[] = [];
  const deepCalls = new Map<string, ListCall>();
  for (const scenario of scenarios) {
    const first = { ...scenario.input, limit: 50 };
    const deep = await findDeepCursor(call, scenario.input, DEPTH, WALK_BUDGET_MS);
    console.log(
      deep
        ? `  ${scenario.name}: cursor ${deep.rowsBefore.toLocaleString("en-US")} rows in, ${deep.pages} pages walked in ` +
            `${(deep.ms / 1000).toFixed(1)} s${deep.stoppedBy ? ` (stopped by ${deep.stoppedBy})` : ""}`
        : `  ${scenario.name}: no deep cursor (fewer than 150 rows, or the first page failed)`,
    );
    const deepInput = deep ? { ...scenario.input, limit: 50, cursor: deep.cursor } : null;
    for (let i = 0; i < WARMUP; i++) {
      await call(first);
      if (deepInput) await call(deepInput);
    }
    const samples = { first: [] as ListCall[], deep: [] as ListCall[] };
    // Interleaved, so load from other processes on the machine hits both alike.
    for (let i = 0; i < REQUESTS; i++) {
      samples.first.push(await call(first));
      if (deepInput) samples.deep.push(await call(deepInput));
    }
    const firstP50 = summarize(samples.first.filter((c) => c.ok).map((c) => c.ms)).p50;
    latencyRows.push(latencyRow(scenario.name, "first page", samples.first));
    if (deep) {
      const deepP50 = summarize(samples.deep.filter((c) => c.ok).map((c) => c.ms)).p50;
      const ratio = deepP50 / firstP50;
      latencyRows.push(
        latencyRow(scenario.name, `${deep.rowsBefore.toLocaleString("en-US")} rows in`, samples.deep, ratio),
      );
      deepCalls.set(scenario.name, samples.deep.at(-1)!);
      if (scenario.key === "newest") {
        const pass = ratio <= MAX_DEEP_RATIO;
        verdicts.push(
          `deep p50 / first p50 = ${ratio.toFixed(2)} (${ms(deepP50)} / ${ms(firstP50)}) ${pass ? "≤" : ">"} ${MAX_DEEP_RATIO}`,
        );
        failed ||= !pass;
      }
    }
    const errors = [...samples.first, ...samples.deep].filter((c) => !c.ok);
    if (errors.length > 0) {
      failed = true;
      verdicts.push(`${scenario.name}: ${errors.length} failed requests (${errors[0]!.ok ? "" : errors[0]!.error})`);
    }
  }

  const statementRows: string[][] = [];
  let statementsConstant = true;
  for (const scenario of scenarios) {
    const counts: string[] = [];
    for (const limit of [10, 50, 100]) {
      const result = await call({ ...scenario.input, limit });
      counts.push(
        result.ok
          ? `${result.statements.length} (${result.statements.filter((s) => isDataStatement(s.text)).length})`
          : "error",
      );
    }
    const same = counts.every((c) => c === counts[0] && c !== "error");
    statementsConstant &&= same;
    statementRows.push([scenario.name, ...counts, same ? "yes" : "NO"]);
  }
  failed ||= !statementsConstant;
  verdicts.push(`SQL statements per request ${statementsConstant ? "do not depend" : "DEPEND"} on the page size`);

  console.log(`\nLatency of tasks.list over HTTP, limit 50 (ratio = deep p50 / first-page p50)\n`);
  console.log(formatTable(["list", "page", "p50", "p95", "max", "errors", "ratio"], latencyRows));
  console.log(`\nSQL statements per request (first page): total (reads)\n`);
  console.log(formatTable(["list", "limit 10", "limit 50", "limit 100", "constant"], statementRows));
  const sample = [...deepCalls.values()][0]?.statements ?? [];
  console.log(
    `\nStatements of one request:\n${sample.map((s) => `  ${s.text.replace(/\s+/g, " ").slice(0, 150)}`).join("\n")}`,
  );
  console.log(`\nVerdict: ${failed ? "FAIL" : "PASS"} — ${verdicts.join("; ")}`);

  if (args.explain) await printPlans(db.url, deepCalls);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  failed = true;
} finally {
  for (const line of errorLines.slice(-3)) console.error(`API error log: ${line}`);
  if (sessionId) await admin.query("UPDATE sessions SET revoked_at = now() WHERE id = $1", [sessionId]);
  recorder.restore();
  await api.close();
  await admin.end();
  await db.stop();
}
process.exitCode = failed ? 1 : 0;

function latencyRow(name: string, page: string, calls: ListCall[], ratio?: number): string[] {
  const s = summarize(calls.filter((c) => c.ok).map((c) => c.ms));
  const errors = calls.filter((c) => !c.ok).length;
  return [
    name,
    page,
    ms(s.p50),
    ms(s.p95),
    ms(s.max),
    String(errors),
    ratio === undefined ? "" : `${ratio.toFixed(2)}×`,
  ];
}

/** EXPLAIN (ANALYZE, BUFFERS) of the tasks reads of each scenario's last deep-page request. */
async function printPlans(url: string, calls: Map<string, ListCall>) {
  const explainer = new pg.Client({ connectionString: url, application_name: "agency-bench-explain" });
  await explainer.connect();
  try {
    for (const [name, deepCall] of calls) {
      for (const { sql, plan } of await explainRequest(explainer, deepCall.statements)) {
        console.log(`\n── EXPLAIN (ANALYZE, BUFFERS), deep page of "${name}"\n${sql}\n\n${plan}`);
      }
    }
  } finally {
    await explainer.end();
  }
}

/** The seeded organization, its owner, the project with the most tasks and the assignee with the most in-progress tasks. */
async function findTarget(client: pg.Client, slug: string) {
  const { rows } = await client.query<{
    org_id: string;
    owner_id: string;
    tasks: string;
    project_id: string;
    assignee_id: string;
  }>(
    `SELECT o.id AS org_id,
            (SELECT m.user_id FROM memberships m WHERE m.org_id = o.id AND m.role = 'owner' LIMIT 1) AS owner_id,
            (SELECT count(*) FROM tasks t WHERE t.org_id = o.id AND t.deleted_at IS NULL) AS tasks,
            (SELECT t.project_id FROM tasks t WHERE t.org_id = o.id AND t.deleted_at IS NULL
              GROUP BY 1 ORDER BY count(*) DESC LIMIT 1) AS project_id,
            (SELECT t.assignee_id FROM tasks t WHERE t.org_id = o.id AND t.deleted_at IS NULL AND t.status = 'in_progress'
                AND t.assignee_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1) AS assignee_id
       FROM organizations o WHERE o.slug = $1`,
    [slug],
  );
  const found = rows[0];
  if (!found?.owner_id || !found.project_id || !found.assignee_id) {
    throw new Error(`No seeded organization "${slug}" with tasks: run \`pnpm db:seed:large\` first.`);
  }
  return {
    orgId: found.org_id,
    ownerId: found.owner_id,
    tasks: Number(found.tasks),
    biggestProjectId: found.project_id,
    busiestAssigneeId: found.assignee_id,
  };
}

async function machineLine(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ version: string; shared_buffers: string }>(
    "SELECT current_setting('server_version') AS version, current_setting('shared_buffers') AS shared_buffers",
  );
  const cpu = cpus();
  return (
    `Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ` +
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} · ` +
    `Node ${process.version} · PostgreSQL ${rows[0]?.version} (shared_buffers ${rows[0]?.shared_buffers})`
  );
}
