import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalPostgres, type LocalPostgres } from "../src/local-postgres";

// The embedded server behind `pnpm dev` / `pnpm db:start`: one data folder,
// initialised once, reused, robust to crashes and to two commands at once.
let parent: string;
let dataDir: string;

async function serverPid(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    return rows[0]!.pid;
  } finally {
    await client.end();
  }
}

beforeAll(() => {
  parent = mkdtempSync(path.join(tmpdir(), "agency-local-pg-"));
  chmodSync(parent, 0o755);
  dataDir = path.join(parent, "data");
});
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe("startLocalPostgres", () => {
  it("two concurrent starts on a fresh folder initialise once and share one server bound to 127.0.0.1", async () => {
    const [a, b] = await Promise.all([
      startLocalPostgres({ dataDir, ephemeral: true }),
      startLocalPostgres({ dataDir, ephemeral: true }),
    ]);
    try {
      expect(a.url).toBe(b.url);
      expect(new URL(a.url).hostname).toBe("127.0.0.1");
      expect(await serverPid(a.url)).toBeGreaterThan(0);
      const client = new pg.Client({ connectionString: a.url });
      await client.connect();
      const { rows } = await client.query<{ listen: string }>("SELECT current_setting('listen_addresses') AS listen");
      await client.end();
      expect(rows[0]?.listen).toBe("127.0.0.1");
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it("restarts on the existing data after a crash left a stale postmaster.pid behind", async () => {
    let server: LocalPostgres | undefined;
    // A live process that is not PostgreSQL (nor its parent, which PostgreSQL itself would forgive).
    const unrelated = spawn(process.execPath, ["-e", "setInterval(() => {}, 1 << 30)"], { stdio: "ignore" });
    try {
      server = await startLocalPostgres({ dataDir, ephemeral: true });
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      await client.query("CREATE TABLE IF NOT EXISTS survives (id int)");
      await client.end();
      await server.stop();

      // What a crash leaves: postmaster.pid naming a pid that is gone, or that the OS gave to
      // another process since. Both must count as "not running".
      const exited = spawnSync(process.execPath, ["-e", ""]).pid;
      for (const stalePid of [exited, unrelated.pid!]) {
        writeFileSync(path.join(dataDir, "postmaster.pid"), `${stalePid}\n${dataDir}\n0\n65000\n\n\n\n`);
        server = await startLocalPostgres({ dataDir, ephemeral: true });
        expect(Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0])).not.toBe(stalePid);
        const check = new pg.Client({ connectionString: server.url });
        await check.connect();
        const { rows } = await check.query<{ exists: boolean }>("SELECT to_regclass('survives') IS NOT NULL AS exists");
        await check.end();
        expect(rows[0]?.exists, "data written before the crash is still there").toBe(true);
        await server.stop();
        server = undefined;
      }
    } finally {
      unrelated.kill();
      await server?.stop();
    }
  });
});
