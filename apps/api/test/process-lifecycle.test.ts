import { createIsolatedDatabase, type IsolatedDatabase } from "@agency/db/testing";
import { freePort } from "@agency/db/local-postgres";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const apiDir = fileURLToPath(new URL("..", import.meta.url));
const { PATH, HOME } = process.env;

describe("boot with a bad environment", () => {
  it("stops with exit code 1 and one line naming the variable", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: apiDir,
      env: { PATH, HOME, API_PORT: "not-a-port" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^agency-api: Invalid environment: /);
    expect(lines[0]).toContain("DATABASE_URL");
    expect(lines[0]).toContain("API_PORT");
  });
});

describe("the real process", () => {
  let db: IsolatedDatabase;
  beforeAll(async () => {
    db = await createIsolatedDatabase();
  });
  afterAll(() => db.drop());

  it("serves, then drains and exits 0 on SIGTERM, closing an open SSE stream", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: apiDir,
      env: { PATH, HOME, DATABASE_URL: db.url, API_PORT: String(port), LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: Record<string, unknown>[] = [];
    const listening = new Promise<void>((resolve) => {
      createInterface({ input: child.stdout! }).on("line", (line) => {
        const entry = JSON.parse(line) as Record<string, unknown>;
        lines.push(entry);
        if (entry.msg === "api listening") resolve();
      });
    });
    await listening;

    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const stream = await fetch(`${base}/trpc/system.heartbeat`);
    const reader = stream.body!.getReader();
    await reader.read();

    const exited = once(child, "exit");
    child.kill("SIGTERM");
    let done = false;
    while (!done) ({ done } = await reader.read());
    const [code] = await exited;
    expect(code).toBe(0);
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(["shutting down: draining requests", "shutdown complete"]));
  });
});
