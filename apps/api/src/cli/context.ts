import { createPrismaClient, type PrismaClient } from "@agency/db";
import { resolveDatabaseUrl } from "@agency/db/local-postgres";
import type { PgBoss } from "pg-boss";
import { createBoss } from "../jobs/boss";
import { createLogger } from "../observability/logger";

/** Exit codes of `pnpm agency` (README "Admin CLI"). */
export const EXIT = { ok: 0, failed: 1, usage: 2, attention: 3 } as const;

/** A failure the operator can act on: printed as one line (or `{ "error": … }` with --json). */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

export interface CliContext {
  databaseUrl: string;
  /** The connecting role's own rights (the owner / migration login): the CLI is maintenance. */
  prisma: PrismaClient;
  /** pg-boss without schedules, supervision or workers: reads, redrives. Started on first use. */
  boss(): Promise<PgBoss>;
  json: boolean;
  /** Prints a result: JSON as one document with --json, else the text rendering. */
  print(value: unknown, text: () => string): void;
}

/** Opens what a command needs, runs it, and closes everything (the embedded server too). */
export async function withCliContext<T>(options: { json: boolean }, fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const database = await resolveDatabaseUrl();
  const prisma = createPrismaClient({ connectionString: database.url, max: 2, applicationName: "agency-cli" });
  let boss: PgBoss | undefined;
  const ctx: CliContext = {
    databaseUrl: database.url,
    prisma,
    json: options.json,
    async boss() {
      if (!boss) {
        boss = createBoss({
          databaseUrl: database.url,
          log: createLogger({ level: "error" }),
          role: "cli",
          poolMax: 2,
        });
        await boss.start();
      }
      return boss;
    },
    print(value, text) {
      console.log(options.json ? JSON.stringify(value, null, 2) : text());
    },
  };
  try {
    return await fn(ctx);
  } finally {
    await boss?.stop({ graceful: false, close: true }).catch(() => {});
    await prisma.$disconnect();
    await database.stop();
  }
}

/** Plain aligned columns for text output. */
export function table(rows: Record<string, unknown>[], columns: string[]): string {
  if (rows.length === 0) return "(none)";
  const cell = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? "–" : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [
    line(columns),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map((r) => line(columns.map((c) => cell(r[c])))),
  ].join("\n");
}
