import pg from "pg";

export interface CapturedStatement {
  text: string;
  values: unknown[];
}

interface QueryConfigLike {
  text?: unknown;
  values?: unknown;
}

/**
 * Records every statement sent by node-postgres clients whose `application_name`
 * is `applicationName` (the API's pool: Prisma's adapter is built on pg.Pool, and
 * pnpm resolves one `pg` for the adapter and this script). Sequential requests
 * make `take()` between them the statements of exactly one request.
 */
export function recordStatements(applicationName: string) {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  let captured: CapturedStatement[] = [];
  prototype.query = function (this: { connectionParameters?: { application_name?: string } }, ...args: unknown[]) {
    if (this.connectionParameters?.application_name === applicationName) captured.push(normalize(args[0], args[1]));
    return original.apply(this, args);
  };
  return {
    /** The statements since the last take(), oldest first. */
    take(): CapturedStatement[] {
      const taken = captured;
      captured = [];
      return taken;
    },
    restore() {
      prototype.query = original;
    },
  };
}

function normalize(config: unknown, values: unknown): CapturedStatement {
  if (typeof config === "string") return { text: config, values: Array.isArray(values) ? values : [] };
  const c = (config ?? {}) as QueryConfigLike;
  const given = Array.isArray(c.values) ? c.values : Array.isArray(values) ? values : [];
  return { text: String(c.text ?? ""), values: given };
}

/** Transaction control and tenant settings (BEGIN, SET LOCAL ROLE, set_config, COMMIT) vs. the reads themselves. */
export function isDataStatement(text: string): boolean {
  const head = text.trimStart().slice(0, 40).toUpperCase();
  if (/^(BEGIN|COMMIT|ROLLBACK|SET |SAVEPOINT|RELEASE)/.test(head)) return false;
  return !/^SELECT SET_CONFIG\(/.test(head);
}
