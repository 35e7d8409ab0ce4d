import pg from "pg";

/** Transaction control and tenant entry (BEGIN, SET, set_config, app_enter, COMMIT) vs. the work itself. */
export function isDataStatement(text: string): boolean {
  const head = text.trimStart().slice(0, 60).toUpperCase();
  if (/^(BEGIN|COMMIT|ROLLBACK|SET |SAVEPOINT|RELEASE)/.test(head)) return false;
  return !/^SELECT SET_CONFIG\(/.test(head);
}

/**
 * Counts the SQL statements sent by node-postgres clients whose application_name is
 * `applicationName` (the API's pool is "agency-api"). Prisma's adapter and the boundary's
 * plain SQL both go through pg.Client.prototype.query.
 */
export function countStatements(applicationName = "agency-api") {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  let texts: string[] = [];
  prototype.query = function (this: { connectionParameters?: { application_name?: string } }, ...args: unknown[]) {
    if (this.connectionParameters?.application_name === applicationName) {
      const config = args[0];
      texts.push(typeof config === "string" ? config : String((config as { text?: unknown })?.text ?? ""));
    }
    return original.apply(this, args);
  };
  return {
    /** Statements since the last call, all of them and the data ones. */
    take() {
      const taken = texts;
      texts = [];
      return { all: taken.length, data: taken.filter(isDataStatement).length, texts: taken };
    },
    restore() {
      prototype.query = original;
    },
  };
}
