import type { TestApi } from "../helpers/test-api";

/**
 * A finished conversation for each user: their question and an assistant answer proposing two
 * tasks for `projectId` (pending), written on the fixtures' owner connection. Returns the answer's
 * id per key of `users` (messages are their author's only: RLS keys them on the user).
 */
export async function createAssistantAnswers(
  api: Pick<TestApi, "prisma">,
  orgId: string,
  projectId: string,
  users: Record<string, string>,
): Promise<{ assistantMessageIds: Record<string, string>; assistantConversationIds: Record<string, string> }> {
  const assistantMessageIds: Record<string, string> = {};
  const assistantConversationIds: Record<string, string> = {};
  for (const [who, userId] of Object.entries(users)) {
    const answer = await createAssistantAnswer(api, orgId, projectId, userId);
    assistantMessageIds[who] = answer.messageId;
    assistantConversationIds[who] = answer.conversationId;
  }
  return { assistantMessageIds, assistantConversationIds };
}

export async function createAssistantAnswer(api: Pick<TestApi, "prisma">, orgId: string, projectId: string, userId: string) {
  const conversation = await api.prisma.assistantConversation.create({ data: { orgId, userId, title: "Plan the launch" } });
  const now = Date.now();
  await api.prisma.assistantMessage.create({
    data: { orgId, conversationId: conversation.id, role: "user", content: "Plan the launch", createdAt: new Date(now - 2) },
  });
  const answer = await api.prisma.assistantMessage.create({
    data: {
      orgId,
      conversationId: conversation.id,
      role: "assistant",
      content: "Here is a plan.",
      status: "complete",
      createdAt: new Date(now - 1),
      proposal: {
        kind: "create_tasks",
        projectId,
        projectName: "Project",
        tasks: [{ title: "Draft wireframes", description: "" }, { title: "Review copy", description: "" }],
        state: "pending",
        createdTaskIds: [],
      },
    },
  });
  return { messageId: answer.id, conversationId: conversation.id };
}
