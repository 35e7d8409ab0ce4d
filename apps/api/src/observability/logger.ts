import pino, { type Logger, type LoggerOptions } from "pino";
import { currentRequestId } from "./request-context";

/**
 * Paths that must never appear in a log line. Redaction is tested
 * (test/logger.test.ts); add to this list rather than filtering at call sites.
 */
export const REDACTED_PATHS = [
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "apiKey",
  "*.apiKey",
  "authorization",
  "cookie",
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers['x-api-key']",
  "res.headers['set-cookie']",
  "headers.authorization",
  "headers.cookie",
  "databaseUrl",
  "DATABASE_URL",
  "REDIS_URL",
];

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  const config: LoggerOptions = {
    level: options.level,
    base: { service: "api" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    formatters: { level: (label) => ({ level: label }) },
    // Every line written while a request is in flight carries its id.
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
