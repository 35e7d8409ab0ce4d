import pg from "pg";

/**
 * What goes over the wire for the boundary, with nothing else attached (no Prisma, no query
 * builder): the transaction's entry statement and the value parsing of plain-SQL reads. The
 * benchmark's bare baseline imports only this.
 */

/** One statement: the role switch, the caller, the membership and the settings (see app_enter). */
export const ENTER_TENANT_SQL = `SELECT set_config('role', 'app_user', true) AS "role_set", e.user_id, e.org_role
  FROM app_enter($1::uuid, $2::uuid, $3::uuid, $4::int) e`;

/**
 * The same for a machine client: the role switch and app_enter_key (the key by the hash of its
 * secret, its organization, scopes and service user, last-used time, the settings).
 */
export const ENTER_KEY_SQL = `SELECT set_config('role', 'app_user', true) AS "role_set", e.user_id, e.org_id, e.key_id, e.scopes, e.org_role
  FROM app_enter_key($1::text, $2::uuid) e`;

const DATE_OID = 1082;

/**
 * Value parsing for plain-SQL reads, matching what Prisma returns for the same columns:
 * `date` → a Date at UTC midnight (pg's default would be local midnight), everything else as
 * pg parses it (timestamptz → Date, int8 → string, arrays).
 */
export const sqlTypeParsers = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === DATE_OID) return (value: string) => new Date(`${value}T00:00:00.000Z`);
    return pg.types.getTypeParser(oid, format ?? "text");
  },
};
