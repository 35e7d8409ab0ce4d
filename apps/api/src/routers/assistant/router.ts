import { router } from "../../trpc/trpc";
import { statusProcedure, sendProcedure, retryProcedure, stopProcedure, streamProcedure } from "./chat";
import { updateSettingsProcedure, usageProcedure } from "./admin";
import {
  confirmProposalProcedure,
  deleteConversationProcedure,
  dismissProposalProcedure,
  getConversationProcedure,
  listConversationsProcedure,
} from "./conversations";

/** The AI assistant (README "AI assistant"): chat over the LLM gateway, history, proposals, admin usage. */
export const assistantRouter = router({
  status: statusProcedure,
  send: sendProcedure,
  stream: streamProcedure,
  stop: stopProcedure,
  retry: retryProcedure,
  listConversations: listConversationsProcedure,
  getConversation: getConversationProcedure,
  deleteConversation: deleteConversationProcedure,
  confirmProposal: confirmProposalProcedure,
  dismissProposal: dismissProposalProcedure,
  usage: usageProcedure,
  updateSettings: updateSettingsProcedure,
});
