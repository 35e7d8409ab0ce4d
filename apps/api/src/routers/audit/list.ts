import { auditPageSchema, listAuditLogInputSchema } from "@agency/validators";
import { listAuditLog } from "../../services/audit-log/list-audit-log";
import { orgProcedure } from "../../trpc/trpc";

/** The organization's audit trail, newest first, for admins (filters, keyset pagination). */
export const listAuditLogProcedure = orgProcedure
  .meta({
    permission: "audit:read",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/audit-entries",
      tags: ["Audit"],
      summary: "List audit entries",
      description:
        "The organization's audit trail, newest first: who did what to which record, when and from where. Cursor-paginated.",
    },
  })
  .input(listAuditLogInputSchema)
  .output(auditPageSchema)
  .query(({ ctx, input }) => listAuditLog(ctx.scope, input));
