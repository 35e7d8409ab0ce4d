import { z } from "zod";
import { orgIdInputSchema } from "./organizations";
import { text } from "./primitives";

/** Integer micro-dollars on the wire (1 USD = 1,000,000); safe integers, never floats of dollars. */
export const microsSchema = z.number().int().min(0).max(1e15);

export const assistantContextSchema = z.object({
  type: z.enum(["project", "task"]),
  id: z.uuid(),
});
export type AssistantContext = z.infer<typeof assistantContextSchema>;

export const assistantMessageTextSchema = text({ min: 1, minMessage: "Write a message", max: 4_000 });

/** Starts a turn: a new conversation unless conversationId is given. */
export const assistantSendInputSchema = orgIdInputSchema.extend({
  conversationId: z.uuid().optional(),
  message: assistantMessageTextSchema,
  context: assistantContextSchema.optional(),
});

export const assistantTurnSchema = z.object({
  conversationId: z.uuid(),
  userMessageId: z.uuid(),
  /** Subscribe to assistant.stream with this id to receive the answer. */
  assistantMessageId: z.uuid(),
});

export const assistantMessageIdInputSchema = orgIdInputSchema.extend({ messageId: z.uuid() });
export const assistantConversationIdInputSchema = orgIdInputSchema.extend({ conversationId: z.uuid() });

export const proposedTaskSchema = z.object({
  title: text({ min: 1, max: 200 }),
  description: text({ max: 2_000 }).default(""),
});

/** A write the assistant proposes; nothing is written until the user confirms it. */
export const assistantProposalSchema = z.object({
  kind: z.literal("create_tasks"),
  projectId: z.uuid(),
  projectName: z.string(),
  tasks: z.array(proposedTaskSchema).min(1).max(20),
  state: z.enum(["pending", "confirmed", "dismissed"]),
  createdTaskIds: z.array(z.uuid()).default([]),
});
export type AssistantProposal = z.infer<typeof assistantProposalSchema>;

export const assistantToolCallSchema = z.object({ name: z.string(), summary: z.string() });

export const assistantMessageSchema = z.object({
  id: z.uuid(),
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  status: z.enum(["pending", "streaming", "complete", "stopped", "error"]),
  error: z.string().nullable(),
  toolCalls: z.array(assistantToolCallSchema),
  proposal: assistantProposalSchema.nullable(),
  createdAt: z.iso.datetime(),
});
export type AssistantMessage = z.infer<typeof assistantMessageSchema>;

export const assistantConversationSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  context: assistantContextSchema.nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type AssistantConversation = z.infer<typeof assistantConversationSchema>;

export const assistantConversationListSchema = z.object({ items: z.array(assistantConversationSchema) });
export const assistantConversationDetailSchema = z.object({
  conversation: assistantConversationSchema,
  messages: z.array(assistantMessageSchema),
});

/** One item of the assistant.stream subscription. */
export const assistantStreamItemSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), delta: z.string() }),
  z.object({ type: z.literal("tool"), name: z.string(), summary: z.string() }),
  z.object({ type: z.literal("proposal"), proposal: assistantProposalSchema }),
  z.object({
    type: z.literal("done"),
    status: z.enum(["complete", "stopped", "error"]),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  }),
]);
export type AssistantStreamItem = z.infer<typeof assistantStreamItemSchema>;

export const assistantStatusSchema = z.object({
  /** At least one model route is configured (AI_ROUTES). */
  configured: z.boolean(),
  /** The organization's admins have not turned the assistant off. */
  enabled: z.boolean(),
  routes: z.array(z.string()),
});

export const assistantUsageInputSchema = orgIdInputSchema.extend({
  /** YYYY-MM (UTC); default: this month. */
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use a month like 2026-12")
    .optional(),
});

export const assistantUsageSchema = z.object({
  month: z.string(),
  enabled: z.boolean(),
  budgetMicros: microsSchema,
  spentMicros: microsSchema,
  reservedMicros: microsSchema,
  remainingMicros: microsSchema,
  /** When the budget starts again from zero (first day of next month, UTC). */
  resetsAt: z.iso.datetime(),
  users: z.array(
    z.object({
      userId: z.uuid().nullable(),
      name: z.string(),
      requests: z.number().int(),
      inputTokens: z.number().int(),
      outputTokens: z.number().int(),
      costMicros: microsSchema,
    }),
  ),
});
export type AssistantUsage = z.infer<typeof assistantUsageSchema>;

export const assistantSettingsInputSchema = orgIdInputSchema
  .extend({
    enabled: z.boolean().optional(),
    monthlyBudgetMicros: microsSchema.optional(),
  })
  .refine((v) => v.enabled !== undefined || v.monthlyBudgetMicros !== undefined, {
    message: "Change the budget or the switch",
    path: ["enabled"],
  });

export const assistantConfirmOutputSchema = z.object({
  proposal: assistantProposalSchema,
});
