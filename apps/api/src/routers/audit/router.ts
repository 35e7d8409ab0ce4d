import { router } from "../../trpc/trpc";
import { listAuditLogProcedure } from "./list";

export const auditRouter = router({ list: listAuditLogProcedure });
