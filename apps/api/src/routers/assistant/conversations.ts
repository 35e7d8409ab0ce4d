import {
  assistantConfirmOutputSchema,
  assistantConversationDetailSchema,
  assistantConversationIdInputSchema,
  assistantConversationListSchema,
  assistantMessageIdInputSchema,
  orgIdInputSchema,
} from "@agency/validators";
import { z } from "zod";
import {
  confirmProposal,
  deleteConversation,
  dismissProposal,
  getConversation,
  listConversations,
} from "../../services/assistant/conversations";
import { orgProcedure } from "../../trpc/trpc";

/** The caller's own conversations, newest first (nobody else's: RLS keys them on the user too). */
export const listConversationsProcedure = orgProcedure
  .meta({ permission: "assistant:use", limit: "read" })
  .input(orgIdInputSchema)
  .output(assistantConversationListSchema)
  .query(({ ctx }) => listConversations(ctx.scope));

export const getConversationProcedure = orgProcedure
  .meta({ permission: "assistant:use", limit: "read" })
  .input(assistantConversationIdInputSchema)
  .output(assistantConversationDetailSchema)
  .query(({ ctx, input }) => getConversation(ctx.scope, input.conversationId));

/** Deletes one of the caller's conversations and its messages for good. */
export const deleteConversationProcedure = orgProcedure
  .meta({ permission: "assistant:use", limit: "write" })
  .input(assistantConversationIdInputSchema)
  .output(z.object({ deleted: z.literal(true) }))
  .mutation(({ ctx, input }) => deleteConversation(ctx.scope, input.conversationId));

/** Creates the proposed tasks as the caller (their task:write, their audit entries), in one transaction. */
export const confirmProposalProcedure = orgProcedure
  .meta({ permission: "task:write", limit: "write" })
  .input(assistantMessageIdInputSchema)
  .output(assistantConfirmOutputSchema)
  .mutation(({ ctx, input }) => confirmProposal(ctx.scope, input.messageId));

export const dismissProposalProcedure = orgProcedure
  .meta({ permission: "assistant:use", limit: "write" })
  .input(assistantMessageIdInputSchema)
  .output(assistantConfirmOutputSchema)
  .mutation(({ ctx, input }) => dismissProposal(ctx.scope, input.messageId));
