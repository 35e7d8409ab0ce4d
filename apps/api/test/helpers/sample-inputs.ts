import type { Role } from "@agency/validators";

/** The records org procedures act on in sample calls. */
export interface OrgSampleFixture {
  orgId: string;
  /** A member to act on (change role, remove). */
  subject: string;
  invitationId: string;
  clientId: string;
  projectId: string;
  taskId: string;
  /** One comment authored by each role's user (authors edit their own); "apiKey": by the calling key. */
  commentIds: Record<Role, string> & { apiKey?: string };
  /** A live API key of the organization to revoke or rotate. */
  apiKeyId: string;
  /** A webhook endpoint and one of its deliveries (the organization also has a Slack connection). */
  webhookEndpointId: string;
  webhookDeliveryId: string;
  /** An assistant answer with a pending proposal, per calling role ("apiKey": the calling key's). */
  assistantMessageIds?: Partial<Record<Role | "apiKey", string>>;
  /** The conversations of those answers. */
  assistantConversationIds?: Partial<Record<Role | "apiKey", string>>;
  /** Billing records of `clientId` (helpers/fixtures.ts createBilling). */
  retainerId: string;
  pausedRetainerId: string;
  draftInvoiceId: string;
  openInvoiceId: string;
  paidInvoiceId: string;
}

/** A restricted key every test API's fake Stripe accepts (helpers/test-api.ts). */
export const SAMPLE_STRIPE_KEY = "rk_test_samplekey000000000000";

/** Who calls: a member's role, an API key of the organization, or null for a caller who is no member. */
export type SampleCaller = Role | "apiKey" | null;

/**
 * A valid input for every org procedure, by path. `who` is the calling user's role, or null for a
 * caller who is no member. Tests that list every org procedure (authorization matrix, procedure
 * access) fail on a procedure missing here, so the list grows with the router.
 */
export const ORG_SAMPLE_INPUTS: Record<string, (f: OrgSampleFixture, who: SampleCaller) => unknown> = {
  "organizations.get": (f) => ({ orgId: f.orgId }),
  "organizations.update": (f) => ({ orgId: f.orgId, name: "Renamed by matrix" }),
  "members.list": (f) => ({ orgId: f.orgId }),
  "members.get": (f) => ({ orgId: f.orgId, userId: f.subject }),
  "members.changeRole": (f) => ({ orgId: f.orgId, userId: f.subject, role: "viewer" }),
  "members.remove": (f) => ({ orgId: f.orgId, userId: f.subject }),
  "members.leave": (f) => ({ orgId: f.orgId }),
  "invitations.create": (f) => ({ orgId: f.orgId, email: "newcomer@matrix.test", role: "member" }),
  "invitations.list": (f) => ({ orgId: f.orgId }),
  "invitations.get": (f) => ({ orgId: f.orgId, invitationId: f.invitationId }),
  "invitations.resend": (f) => ({ orgId: f.orgId, invitationId: f.invitationId }),
  "invitations.revoke": (f) => ({ orgId: f.orgId, invitationId: f.invitationId }),
  "audit.list": (f) => ({ orgId: f.orgId }),
  "labels.list": (f) => ({ orgId: f.orgId, search: "urg" }),
  // A key may hand out only its own scopes: the key in the matrix holds exactly apikey:manage.
  "apiKeys.create": (f, who) => ({
    orgId: f.orgId,
    name: "Matrix key",
    scopes: who === "apiKey" ? ["apikey:manage"] : ["task:read"],
  }),
  "apiKeys.list": (f) => ({ orgId: f.orgId }),
  "apiKeys.get": (f) => ({ orgId: f.orgId, apiKeyId: f.apiKeyId }),
  "apiKeys.revoke": (f) => ({ orgId: f.orgId, apiKeyId: f.apiKeyId }),
  "apiKeys.rotate": (f) => ({ orgId: f.orgId, apiKeyId: f.apiKeyId }),
  "clients.create": (f) => ({ orgId: f.orgId, name: "Matrix client" }),
  "clients.get": (f) => ({ orgId: f.orgId, clientId: f.clientId }),
  "clients.list": (f) => ({ orgId: f.orgId }),
  "clients.update": (f) => ({ orgId: f.orgId, clientId: f.clientId, expectedVersion: 1, patch: { name: "Renamed" } }),
  "clients.delete": (f) => ({ orgId: f.orgId, clientId: f.clientId, expectedVersion: 1 }),
  "clients.restore": (f) => ({ orgId: f.orgId, clientId: f.clientId, expectedVersion: 1 }),
  "projects.create": (f) => ({ orgId: f.orgId, clientId: f.clientId, name: "Matrix project" }),
  "projects.get": (f) => ({ orgId: f.orgId, projectId: f.projectId }),
  "projects.list": (f) => ({ orgId: f.orgId }),
  "projects.update": (f) => ({
    orgId: f.orgId,
    projectId: f.projectId,
    expectedVersion: 1,
    patch: { name: "Renamed" },
  }),
  "projects.delete": (f) => ({ orgId: f.orgId, projectId: f.projectId, expectedVersion: 1 }),
  "projects.restore": (f) => ({ orgId: f.orgId, projectId: f.projectId, expectedVersion: 1 }),
  "tasks.create": (f) => ({ orgId: f.orgId, projectId: f.projectId, title: "Matrix task" }),
  "tasks.get": (f) => ({ orgId: f.orgId, taskId: f.taskId }),
  "tasks.list": (f) => ({ orgId: f.orgId }),
  "tasks.update": (f) => ({ orgId: f.orgId, taskId: f.taskId, expectedVersion: 1, patch: { title: "Renamed" } }),
  "tasks.move": (f) => ({ orgId: f.orgId, taskId: f.taskId, expectedVersion: 1, status: "done", afterTaskId: null }),
  "tasks.delete": (f) => ({ orgId: f.orgId, taskId: f.taskId, expectedVersion: 1 }),
  "tasks.restore": (f) => ({ orgId: f.orgId, taskId: f.taskId, expectedVersion: 1 }),
  "comments.list": (f) => ({ orgId: f.orgId, taskId: f.taskId }),
  "comments.get": (f, who) => ({ orgId: f.orgId, commentId: f.commentIds[who ?? "member"] }),
  "comments.create": (f) => ({ orgId: f.orgId, taskId: f.taskId, body: "Matrix comment" }),
  "comments.update": (f, who) => ({
    orgId: f.orgId,
    commentId: f.commentIds[who ?? "member"],
    expectedVersion: 1,
    body: "Edited",
  }),
  "comments.delete": (f, who) => ({ orgId: f.orgId, commentId: f.commentIds[who ?? "member"], expectedVersion: 1 }),
  // A live comment: the guard passes and the rule answers CONFLICT ("not in the trash").
  "comments.restore": (f, who) => ({ orgId: f.orgId, commentId: f.commentIds[who ?? "member"], expectedVersion: 1 }),
  "webhooks.list": (f) => ({ orgId: f.orgId }),
  "webhooks.create": (f) => ({ orgId: f.orgId, url: "https://hooks.example.com/matrix", eventTypes: ["task.created"] }),
  "webhooks.update": (f) => ({ orgId: f.orgId, endpointId: f.webhookEndpointId, patch: { description: "Renamed" } }),
  "webhooks.delete": (f) => ({ orgId: f.orgId, endpointId: f.webhookEndpointId }),
  "webhooks.rotateSecret": (f) => ({ orgId: f.orgId, endpointId: f.webhookEndpointId }),
  "webhooks.deliveries": (f) => ({ orgId: f.orgId, endpointId: f.webhookEndpointId }),
  "webhooks.redeliver": (f) => ({ orgId: f.orgId, deliveryId: f.webhookDeliveryId }),
  "webhooks.sendTest": (f) => ({ orgId: f.orgId, endpointId: f.webhookEndpointId }),
  "revenue.summary": (f) => ({ orgId: f.orgId }),
  "revenue.movements": (f) => ({ orgId: f.orgId, to: "2026-06", months: 6 }),
  "revenue.clients": (f) => ({ orgId: f.orgId }),
  "revenue.listRates": (f) => ({ orgId: f.orgId }),
  "revenue.setRate": (f) => ({ orgId: f.orgId, currency: "EUR", day: "2026-01-31", rate: "1.0825" }),
  "revenue.deleteRate": (f) => ({ orgId: f.orgId, currency: "EUR", day: "2026-01-31" }),
  "revenue.settings": (f) => ({ orgId: f.orgId }),
  "revenue.updateSettings": (f) => ({ orgId: f.orgId, baseCurrency: "USD" }),
  "revenue.projectBudgets": (f) => ({ orgId: f.orgId, projectIds: [f.projectId] }),
  "slack.get": (f) => ({ orgId: f.orgId }),
  "slack.connect": (f) => ({ orgId: f.orgId, url: "https://hooks.slack.com/services/T000/B000/matrix", eventTypes: ["task.moved"] }),
  "slack.update": (f) => ({ orgId: f.orgId, patch: { eventTypes: ["task.created"] } }),
  "slack.disconnect": (f) => ({ orgId: f.orgId }),
  "slack.sendTest": (f) => ({ orgId: f.orgId }),
  // The test API's fake Stripe knows this key (helpers/test-api.ts).
  "billingStripe.status": (f) => ({ orgId: f.orgId }),
  "billingStripe.events": (f) => ({ orgId: f.orgId }),
  "billingStripe.connect": (f) => ({ orgId: f.orgId, secretKey: SAMPLE_STRIPE_KEY, webhookSecret: "whsec_matrixsecret0000000000" }),
  "billingStripe.setWebhookSecret": (f) => ({ orgId: f.orgId, webhookSecret: "whsec_matrixsecret1111111111" }),
  "billingStripe.disconnect": (f) => ({ orgId: f.orgId }),
  "billingStripe.syncCustomer": (f) => ({ orgId: f.orgId, clientId: f.clientId }),
  "billingStripe.syncRetainer": (f) => ({ orgId: f.orgId, retainerId: f.retainerId }),
  "billingStripe.sendInvoice": (f) => ({ orgId: f.orgId, invoiceId: f.openInvoiceId }),
  "billingStripe.checkoutLink": (f) => ({ orgId: f.orgId, invoiceId: f.openInvoiceId }),
  "billingStripe.portalLink": (f) => ({ orgId: f.orgId, clientId: f.clientId }),
  // From event 0: the fixture's task and comments are replayed, so the first item arrives at once.
  "board.events": (f) => ({ orgId: f.orgId, projectId: f.projectId, lastEventId: "0" }),
  "board.head": (f) => ({ orgId: f.orgId, projectId: f.projectId }),
  "assistant.status": (f) => ({ orgId: f.orgId }),
  "assistant.send": (f) => ({ orgId: f.orgId, message: "What is overdue?" }),
  "assistant.stream": (f, who) => ({ orgId: f.orgId, messageId: assistantMessage(f, who) }),
  "assistant.stop": (f, who) => ({ orgId: f.orgId, messageId: assistantMessage(f, who) }),
  "assistant.retry": (f, who) => ({ orgId: f.orgId, messageId: assistantMessage(f, who) }),
  "assistant.listConversations": (f) => ({ orgId: f.orgId }),
  "assistant.getConversation": (f, who) => ({ orgId: f.orgId, conversationId: f.assistantConversationIds?.[who ?? "member"] ?? ZERO_UUID }),
  "assistant.deleteConversation": (f, who) => ({ orgId: f.orgId, conversationId: f.assistantConversationIds?.[who ?? "member"] ?? ZERO_UUID }),
  "assistant.confirmProposal": (f, who) => ({ orgId: f.orgId, messageId: assistantMessage(f, who) }),
  "assistant.dismissProposal": (f, who) => ({ orgId: f.orgId, messageId: assistantMessage(f, who) }),
  "assistant.usage": (f) => ({ orgId: f.orgId }),
  "assistant.updateSettings": (f) => ({ orgId: f.orgId, monthlyBudgetMicros: 25_000_000 }),
  // My work and notifications: every role reads its own inbox; the stream's first item is the count.
  "notifications.list": (f) => ({ orgId: f.orgId }),
  "notifications.unreadCount": (f) => ({ orgId: f.orgId }),
  "notifications.markRead": (f) => ({ orgId: f.orgId, all: true }),
  "notifications.events": (f) => ({ orgId: f.orgId }),
  "notifications.followState": (f) => ({ orgId: f.orgId, taskId: f.taskId }),
  "notifications.setFollowing": (f) => ({ orgId: f.orgId, taskId: f.taskId, following: true }),
  "myWork.get": (f) => ({ orgId: f.orgId, today: "2026-12-07" }),
  // Billing
  "retainers.list": (f) => ({ orgId: f.orgId }),
  "retainers.get": (f) => ({ orgId: f.orgId, retainerId: f.retainerId }),
  "retainers.history": (f) => ({ orgId: f.orgId, retainerId: f.retainerId }),
  "retainers.create": (f) => ({ orgId: f.orgId, clientId: f.clientId, name: "Matrix retainer", currency: "USD", unitAmount: 150_000 }),
  "retainers.previewChange": (f) => ({ orgId: f.orgId, retainerId: f.retainerId, expectedVersion: 1, quantity: 2 }),
  "retainers.change": (f) => ({ orgId: f.orgId, retainerId: f.retainerId, expectedVersion: 1, quantity: 2 }),
  "retainers.pause": (f) => ({ orgId: f.orgId, retainerId: f.retainerId, expectedVersion: 1 }),
  "retainers.resume": (f) => ({ orgId: f.orgId, retainerId: f.pausedRetainerId, expectedVersion: 2 }),
  "retainers.cancel": (f) => ({ orgId: f.orgId, retainerId: f.retainerId, expectedVersion: 1 }),
  "invoices.list": (f) => ({ orgId: f.orgId }),
  "invoices.get": (f) => ({ orgId: f.orgId, invoiceId: f.openInvoiceId }),
  "invoices.create": (f) => ({
    orgId: f.orgId,
    clientId: f.clientId,
    currency: "USD",
    lines: [{ description: "Matrix work", unitAmount: 5_000, projectId: f.projectId }],
  }),
  "invoices.generateForRetainer": (f) => ({ orgId: f.orgId, retainerId: f.retainerId }),
  "invoices.issue": (f) => ({ orgId: f.orgId, invoiceId: f.draftInvoiceId }),
  "invoices.markPaid": (f) => ({ orgId: f.orgId, invoiceId: f.openInvoiceId }),
  "invoices.refund": (f) => ({ orgId: f.orgId, invoiceId: f.paidInvoiceId, amount: 100 }),
  "invoices.void": (f) => ({ orgId: f.orgId, invoiceId: f.openInvoiceId }),
  "invoices.markUncollectible": (f) => ({ orgId: f.orgId, invoiceId: f.openInvoiceId }),
  "billing.clientBalance": (f) => ({ orgId: f.orgId, clientId: f.clientId }),
  "billing.balances": (f) => ({ orgId: f.orgId }),
  "billing.ledger": (f) => ({ orgId: f.orgId }),
};

const ZERO_UUID = "00000000-0000-4000-8000-000000000000";
const assistantMessage = (f: OrgSampleFixture, who: SampleCaller) => f.assistantMessageIds?.[who ?? "member"] ?? ZERO_UUID;
