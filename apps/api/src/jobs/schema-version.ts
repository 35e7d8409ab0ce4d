import pgBossPackage from "pg-boss/package.json" with { type: "json" };

/**
 * The pg-boss schema version the pinned pg-boss release runs against. Migration
 * 20261207130000_jobs installs it; a pg-boss upgrade that moves it needs a migration
 * (README "Jobs" → "Upgrading pg-boss"), and until then /readyz and the worker refuse.
 */
export const PG_BOSS_SCHEMA_VERSION: number = pgBossPackage.pgboss.schema;
export const PG_BOSS_SCHEMA = "pgboss";
