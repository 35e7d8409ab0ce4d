import { describe, expect, it } from "vitest";
import { apiEnvSchema, describeEnvIssues } from "../src/env";

describe("apiEnvSchema", () => {
  it("applies defaults for everything but DATABASE_URL", () => {
    const env = apiEnvSchema.parse({ DATABASE_URL: "postgres://u@127.0.0.1:5432/db" });
    expect(env.API_PORT).toBe(4000);
    expect(env.CORS_ORIGINS).toEqual(["http://localhost:3000", "http://127.0.0.1:3000"]);
    // Direct callers only: the web server's browsers arrive in x-agency-client-ip, behind the secret.
    expect(env.TRUST_PROXY).toBe(false);
    expect(apiEnvSchema.parse({ DATABASE_URL: "postgres://h/db", TRUST_PROXY: "loopback" }).TRUST_PROXY).toBe("loopback");
  });

  it("names the missing variable in one line", () => {
    const result = apiEnvSchema.safeParse({});
    expect(result.success).toBe(false);
    if (!result.success) expect(describeEnvIssues(result.error)).toMatch(/^DATABASE_URL: /);
  });

  it("rejects a non-postgres DATABASE_URL and a wildcard CORS origin", () => {
    const result = apiEnvSchema.safeParse({ DATABASE_URL: "mysql://x@h/db", CORS_ORIGINS: "*" });
    expect(result.success).toBe(false);
    if (!result.success) {
      const line = describeEnvIssues(result.error);
      expect(line).toContain("DATABASE_URL: must be a postgres");
      expect(line).toContain("CORS_ORIGINS");
    }
  });

  it("leaves observability off by default and names each bad observability variable", () => {
    const off = apiEnvSchema.parse({ DATABASE_URL: "postgres://h/db" });
    expect(off).toMatchObject({ OTEL_SERVICE_NAME: "agency-api" });
    for (const name of ["OTEL_EXPORTER_OTLP_ENDPOINT", "METRICS_TOKEN", "METRICS_PORT", "SENTRY_DSN", "SENTRY_ENVIRONMENT"] as const) {
      expect(off[name]).toBeUndefined();
    }
    const on = apiEnvSchema.parse({
      DATABASE_URL: "postgres://h/db",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
      METRICS_TOKEN: "m".repeat(32),
      METRICS_PORT: "9464",
      SENTRY_DSN: "https://key@o0.ingest.sentry.io/1",
    });
    expect(on).toMatchObject({ METRICS_PORT: 9464, SENTRY_DSN: "https://key@o0.ingest.sentry.io/1" });

    const result = apiEnvSchema.safeParse({
      DATABASE_URL: "postgres://h/db",
      OTEL_EXPORTER_OTLP_ENDPOINT: "grpc://collector:4317",
      METRICS_TOKEN: "short",
      METRICS_PORT: "70000",
      SENTRY_DSN: "https://o0.ingest.sentry.io/1",
    });
    expect(result.success).toBe(false);
    if (!result.success) {
      const line = describeEnvIssues(result.error);
      expect(line).toContain("OTEL_EXPORTER_OTLP_ENDPOINT: must be an http:// or https:// URL");
      expect(line).toContain("METRICS_TOKEN: must be at least 32 characters");
      expect(line).toContain("METRICS_PORT");
      expect(line).toContain("SENTRY_DSN: must be a DSN with a public key");
    }
  });

  it("splits CORS_ORIGINS on commas", () => {
    const env = apiEnvSchema.parse({ DATABASE_URL: "postgresql://h/db", CORS_ORIGINS: "https://a.test, https://b.test" });
    expect(env.CORS_ORIGINS).toEqual(["https://a.test", "https://b.test"]);
  });
});
