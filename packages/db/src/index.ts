export { createPrismaClient, type PrismaClientOptions } from "./client";
export { withTenant, type TenantScope, type TransactionClient } from "./tenant";
export { recordAudit, type AuditEntry } from "./audit";
export { getMigrationStatus, migrationNames, pingDatabase, type MigrationStatus } from "./health";
export { PrismaClient, Prisma } from "./generated/prisma/client";
export type * from "./generated/prisma/models";
export { MembershipRole } from "./generated/prisma/enums";
