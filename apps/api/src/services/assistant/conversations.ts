import { Prisma } from "@agency/db";
import {
  assistantProposalSchema,
  assistantToolCallSchema,
  createTaskInputSchema,
  type AssistantContext,
  type AssistantConversation,
  type AssistantMessage,
  type AssistantProposal,
  type assistantSendInputSchema,
} from "@agency/validators";
import { z } from "zod";
import type { LlmGateway } from "../../ai/gateway";
import { readBudget } from "../../ai/gateway";
import { AppError } from "../../errors/app-error";
import { audited } from "../audit";
import { actorCan, type TenantScope } from "../scope";
import { createTask } from "../tasks/tasks";

/**
 * An answer still pending or streaming after this long was interrupted (a stream is bounded by
 * MAX_STEPS model calls of at most AI_TOTAL_TIMEOUT_MS each, plus its tools).
 */
export const STALE_ANSWER_MS = 10 * 60_000;

type ConversationRow = Prisma.AssistantConversationGetPayload<object>;
type MessageRow = Prisma.AssistantMessageGetPayload<object>;

export const toConversationDto = (row: ConversationRow): AssistantConversation => ({
  id: row.id,
  title: row.title,
  context: row.contextType && row.contextId ? { type: row.contextType as AssistantContext["type"], id: row.contextId } : null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const toolCallsOf = (value: Prisma.JsonValue | null) => z.array(assistantToolCallSchema).catch([]).parse(value ?? []);
export const proposalOf = (value: Prisma.JsonValue | null): AssistantProposal | null =>
  value === null ? null : (assistantProposalSchema.safeParse(value).data ?? null);

export const toMessageDto = (row: MessageRow): AssistantMessage => ({
  id: row.id,
  role: row.role as AssistantMessage["role"],
  content: row.content,
  status: row.status as AssistantMessage["status"],
  error: row.error,
  toolCalls: toolCallsOf(row.toolCalls),
  proposal: proposalOf(row.proposal),
  createdAt: row.createdAt.toISOString(),
});

/**
 * Refuses when the organization's admins turned the assistant off. (Without a configured provider
 * the turn is saved and its stream answers with the not_configured explanation.)
 */
export async function assertAssistantAvailable(scope: TenantScope, _gateway: LlmGateway, defaultBudgetMicros = 0) {
  const settings = await readBudget(scope.tx, scope.org.id, defaultBudgetMicros);
  if (!settings.enabled) {
    throw new AppError("FORBIDDEN", "An admin of your organization turned the assistant off.", { reason: "disabled" });
  }
}

/** The project or task the conversation is about must be one the user can see. */
async function checkContext(scope: TenantScope, context: AssistantContext) {
  const found =
    context.type === "project"
      ? await scope.tx.project.findFirst({ where: { id: context.id, orgId: scope.org.id, deletedAt: null }, select: { id: true } })
      : await scope.tx.task.findFirst({ where: { id: context.id, orgId: scope.org.id, deletedAt: null }, select: { id: true } });
  if (!found) throw new AppError("NOT_FOUND", `That ${context.type} was not found.`);
}

/**
 * Starts a turn: the conversation (new unless given), the user's message and an empty assistant
 * message the client then streams with assistant.stream. One transaction.
 */
export async function sendMessage(scope: TenantScope, gateway: LlmGateway, input: z.output<typeof assistantSendInputSchema>) {
  await assertAssistantAvailable(scope, gateway);
  const { tx } = scope;
  let conversationId = input.conversationId;
  if (conversationId) {
    const conversation = await tx.assistantConversation.findFirst({ where: { id: conversationId, orgId: scope.org.id }, select: { id: true } });
    if (!conversation) throw new AppError("NOT_FOUND", "Conversation not found.");
    // An answer whose stream never finished (the process restarted, the tab closed before it
    // subscribed) cannot block the conversation for ever.
    await tx.assistantMessage.updateMany({
      where: { conversationId, orgId: scope.org.id, status: { in: ["pending", "streaming"] }, createdAt: { lt: new Date(Date.now() - STALE_ANSWER_MS) } },
      data: { status: "error", error: "This answer was interrupted. Retry it or ask again." },
    });
    const running = await tx.assistantMessage.findFirst({
      where: { conversationId, orgId: scope.org.id, status: { in: ["pending", "streaming"] } },
      select: { id: true },
    });
    if (running) throw new AppError("CONFLICT", "The assistant is still answering. Stop it or wait for the answer.", { messageId: running.id });
    await tx.assistantConversation.update({ where: { id: conversationId }, data: { updatedAt: new Date() } });
  } else {
    if (input.context) await checkContext(scope, input.context);
    const title = input.message.replace(/\s+/g, " ").slice(0, 80);
    const created = await tx.assistantConversation.create({
      data: {
        orgId: scope.org.id,
        userId: scope.actor.userId,
        title,
        contextType: input.context?.type ?? null,
        contextId: input.context?.id ?? null,
      },
      select: { id: true },
    });
    conversationId = created.id;
  }
  const now = Date.now();
  const user = await tx.assistantMessage.create({
    data: { orgId: scope.org.id, conversationId, role: "user", content: input.message, status: "complete", createdAt: new Date(now) },
    select: { id: true },
  });
  const assistant = await tx.assistantMessage.create({
    data: { orgId: scope.org.id, conversationId, role: "assistant", status: "pending", createdAt: new Date(now + 1) },
    select: { id: true },
  });
  return { conversationId, userMessageId: user.id, assistantMessageId: assistant.id };
}

export async function listConversations(scope: TenantScope) {
  const rows = await scope.tx.assistantConversation.findMany({
    where: { orgId: scope.org.id, userId: scope.actor.userId },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: 100,
  });
  return { items: rows.map(toConversationDto) };
}

export async function getConversation(scope: TenantScope, conversationId: string) {
  const conversation = await scope.tx.assistantConversation.findFirst({ where: { id: conversationId, orgId: scope.org.id } });
  if (!conversation) throw new AppError("NOT_FOUND", "Conversation not found.");
  const messages = await scope.tx.assistantMessage.findMany({
    where: { conversationId, orgId: scope.org.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
  });
  return { conversation: toConversationDto(conversation), messages: messages.map(toMessageDto) };
}

/** Deletes the conversation and its messages for good (the user's own history). */
export async function deleteConversation(scope: TenantScope, conversationId: string) {
  const { count } = await scope.tx.assistantConversation.deleteMany({ where: { id: conversationId, orgId: scope.org.id } });
  if (count === 0) throw new AppError("NOT_FOUND", "Conversation not found.");
  return { deleted: true as const };
}

async function ownAssistantMessage(scope: TenantScope, messageId: string) {
  const message = await scope.tx.assistantMessage.findFirst({ where: { id: messageId, orgId: scope.org.id, role: "assistant" } });
  if (!message) throw new AppError("NOT_FOUND", "Message not found.");
  return message;
}

/** Answers the last user message again: the assistant message is emptied and streamed anew. */
export async function retryMessage(scope: TenantScope, gateway: LlmGateway, messageId: string) {
  await assertAssistantAvailable(scope, gateway);
  const message = await ownAssistantMessage(scope, messageId);
  const stale = message.createdAt.getTime() < Date.now() - STALE_ANSWER_MS;
  if ((message.status === "pending" || message.status === "streaming") && !stale) {
    throw new AppError("CONFLICT", "The assistant is still answering this message.");
  }
  const later = await scope.tx.assistantMessage.findFirst({
    where: { conversationId: message.conversationId, orgId: scope.org.id, createdAt: { gt: message.createdAt } },
    select: { id: true },
  });
  if (later) throw new AppError("CONFLICT", "Only the latest answer can be retried.");
  if (proposalOf(message.proposal)?.state === "confirmed") throw new AppError("CONFLICT", "This answer's proposal was already confirmed.");
  await scope.tx.assistantMessage.update({
    where: { id: message.id },
    // A fresh start: the answer stays the conversation's latest, and is not stale.
    data: { content: "", status: "pending", error: null, toolCalls: [], proposal: Prisma.DbNull, createdAt: new Date() },
  });
  return { conversationId: message.conversationId, assistantMessageId: message.id };
}

/** Marks a running answer stopped (the stream that runs it notices and aborts the model call). */
export async function markStopped(scope: TenantScope, messageId: string) {
  const message = await ownAssistantMessage(scope, messageId);
  if (message.status === "pending" || message.status === "streaming") {
    await scope.tx.assistantMessage.update({ where: { id: message.id }, data: { status: "stopped" } });
  }
  return { stopped: true as const };
}

/**
 * The user confirms the proposed tasks: each is created through the tasks service as the user
 * (their task:write permission, their audit entries), the proposal is marked confirmed, and one
 * assistant.proposal_confirmed entry records it — all in this one transaction.
 */
export async function confirmProposal(scope: TenantScope, messageId: string) {
  if (!actorCan(scope, "task:write")) throw new AppError("FORBIDDEN", "Your role does not allow creating tasks.", { permission: "task:write" });
  const message = await ownAssistantMessage(scope, messageId);
  const proposal = proposalOf(message.proposal);
  if (!proposal) throw new AppError("NOT_FOUND", "This message proposes nothing.");
  if (proposal.state !== "pending") throw new AppError("CONFLICT", `This proposal was already ${proposal.state}.`);
  const created: string[] = [];
  for (const task of proposal.tasks) {
    const dto = await createTask(scope, createTaskInputSchema.parse({ projectId: proposal.projectId, title: task.title, description: task.description }));
    created.push(dto.id);
  }
  const confirmed: AssistantProposal = { ...proposal, state: "confirmed", createdTaskIds: created };
  await scope.tx.assistantMessage.update({ where: { id: message.id }, data: { proposal: confirmed } });
  await audited(scope, "assistant.proposal_confirmed", { type: "project", id: proposal.projectId }, { messageId, taskIds: created, count: created.length });
  return { proposal: confirmed };
}

export async function dismissProposal(scope: TenantScope, messageId: string) {
  const message = await ownAssistantMessage(scope, messageId);
  const proposal = proposalOf(message.proposal);
  if (!proposal) throw new AppError("NOT_FOUND", "This message proposes nothing.");
  if (proposal.state !== "pending") throw new AppError("CONFLICT", `This proposal was already ${proposal.state}.`);
  const dismissed: AssistantProposal = { ...proposal, state: "dismissed" };
  await scope.tx.assistantMessage.update({ where: { id: message.id }, data: { proposal: dismissed } });
  return { proposal: dismissed };
}
