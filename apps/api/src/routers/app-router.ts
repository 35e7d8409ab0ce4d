import { router } from "../trpc/trpc";
import { accountRouter } from "./account/router";
import { apiKeysRouter } from "./api-keys/router";
import { assistantRouter } from "./assistant/router";
import { auditRouter } from "./audit/router";
import { authRouter } from "./auth/router";
import { boardRouter } from "./board/router";
import { clientsRouter } from "./clients/router";
import { commentsRouter } from "./comments/router";
import { devRouter } from "./dev/router";
import { invitationsRouter } from "./invitations/router";
import { labelsRouter } from "./labels/router";
import { membersRouter } from "./members/router";
import { organizationsRouter } from "./organizations/router";
import { projectsRouter } from "./projects/router";
import { revenueRouter } from "./revenue/router";
import { slackRouter } from "./slack/router";
import { systemRouter } from "./system/router";
import { tasksRouter } from "./tasks/router";
import { webhooksRouter } from "./webhooks/router";
import { myWorkRouter } from "./my-work/router";
import { notificationsRouter } from "./notifications/router";
import { billingRouter } from "./billing/billing";
import { invoicesRouter } from "./billing/invoices";
import { retainersRouter } from "./billing/retainers";
import { billingStripeRouter } from "./billing-stripe/router";

export const appRouter = router({
  system: systemRouter,
  auth: authRouter,
  account: accountRouter,
  organizations: organizationsRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  apiKeys: apiKeysRouter,
  clients: clientsRouter,
  projects: projectsRouter,
  tasks: tasksRouter,
  comments: commentsRouter,
  board: boardRouter,
  audit: auditRouter,
  webhooks: webhooksRouter,
  slack: slackRouter,
  dev: devRouter,
  assistant: assistantRouter,
  labels: labelsRouter,
  notifications: notificationsRouter,
  myWork: myWorkRouter,
  revenue: revenueRouter,
  // Billing (README "Billing and the ledger")
  retainers: retainersRouter,
  invoices: invoicesRouter,
  billing: billingRouter,
  billingStripe: billingStripeRouter,
});

export type AppRouter = typeof appRouter;
