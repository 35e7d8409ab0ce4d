import { describe, expect, it } from "vitest";
import { createLogger } from "../src/observability/logger";
import { requestContext } from "../src/observability/request-context";

function capture() {
  const lines: string[] = [];
  const log = createLogger({ level: "info", destination: { write: (line: string) => void lines.push(line) } });
  return { log, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>), raw: () => lines.join("") };
}

describe("structured logger", () => {
  it("redacts secrets wherever they appear", () => {
    const { log, raw } = capture();
    log.info(
      {
        password: "hunter2-password",
        user: { passwordHash: "$argon2id$hash", token: "tok_123" },
        headers: { authorization: "Bearer sk_secret", cookie: "session=abc" },
        DATABASE_URL: "postgres://u:pw@h/db",
      },
      "with secrets",
    );
    const out = raw();
    for (const secret of ["hunter2-password", "$argon2id$hash", "tok_123", "sk_secret", "session=abc", "u:pw@h"]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain("[redacted]");
  });

  it("redacts API keys: the Authorization header however it is logged, and a key's secret hash", () => {
    const { log, raw } = capture();
    const token = "aos_live_AbCdEfGhIjKlmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXyz1234";
    log.info({ req: { headers: { authorization: `Bearer ${token}` } } }, "request");
    log.info({ headers: { Authorization: `Bearer ${token}` } }, "capitalised header");
    log.info({ identity: { apiKey: { publicId: "AbCdEfGhIjKl", secretHash: "f".repeat(64) } } }, "identity");
    log.info({ caller: { apiKey: { secretHash: "e".repeat(64) } } }, "caller");
    const out = raw();
    expect(out).not.toContain(token);
    expect(out).not.toContain("f".repeat(64));
    expect(out).not.toContain("e".repeat(64));
  });

  it("adds the request id of the current request to every line", () => {
    const { log, lines } = capture();
    requestContext.run({ requestId: "req-abc-123" }, () => log.info("inside"));
    log.info("outside");
    expect(lines()[0]).toMatchObject({ msg: "inside", requestId: "req-abc-123", level: "info", service: "api" });
    expect(lines()[1]).not.toHaveProperty("requestId");
  });
});
