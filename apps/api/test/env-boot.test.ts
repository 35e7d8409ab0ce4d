import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const apiDir = fileURLToPath(new URL("..", import.meta.url));

describe("boot with a bad environment", () => {
  it("stops with exit code 1 and one line naming the variable", () => {
    const { PATH, HOME } = process.env;
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
