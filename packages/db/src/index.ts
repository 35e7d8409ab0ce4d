export { createPrismaClient, type PrismaClientOptions } from "./client";
export { createDatabase, type Database, type DatabaseOptions, type MaintenanceTransaction, type TransactionOptions } from "./database";
export { TenantRefusal, type TenantCredentials, type TenantTransaction, type TransactionClient } from "./tenant";
export { kysely, sql, type DB, type RowOf, type SqlQuery, type SqlSession } from "./sql/builder";
export { recordAudit, type AuditEntry } from "./audit";
export { getMigrationStatus, migrationNames, type MigrationStatus } from "./health";
export { PrismaClient, Prisma } from "./generated/prisma/client";
export type * from "./generated/prisma/models";
export { MembershipRole } from "./generated/prisma/enums";
