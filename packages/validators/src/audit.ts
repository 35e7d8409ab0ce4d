import { z } from "zod";

/** Every action the audit trail records. Names are `area.thing[.outcome]`, lower snake case. */
export const auditActionSchema = z.enum([
  "auth.sign_up",
  "auth.sign_in.succeeded",
  "auth.sign_in.failed",
  "auth.sign_in.rate_limited",
  "auth.sign_out",
  "auth.password.changed",
  "auth.session.revoked",
  "account.updated",
  "org.created",
  "org.updated",
  "invite.sent",
  "invite.accepted",
  "invite.revoked",
  "member.role_changed",
  "member.removed",
  "member.left",
  "client.created",
  "client.updated",
  "client.deleted",
  "client.restored",
]);
export type AuditAction = z.infer<typeof auditActionSchema>;
