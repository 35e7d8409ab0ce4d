"use client";

import { roleHasPermission, type AssistantContext, type Role } from "@agency/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { formatAgo } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { ErrorState } from "../ui/error-state";
import { InlineAlert } from "../ui/inline-alert";
import { Skeleton, Spinner } from "../ui/spinner";
import { MessageView, type ShownMessage } from "./message-view";
import { AssistantNotConfigured } from "./not-configured";
import { useAnswerStream, type LiveAnswer } from "./use-answer-stream";

export interface AssistantOrg {
  id: string;
  name: string;
  role: Role;
}

/**
 * The assistant's chat: history (on the full page), the conversation with answers streamed as
 * they arrive, stop, retry, delete, and proposals to confirm. On a project or task page it runs
 * `compact` with that page as the conversation's context.
 */
export function AssistantChat({ org, context, compact = false }: { org: AssistantOrg; context?: AssistantContext; compact?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.assistant.status.queryOptions({ orgId: org.id }));
  const conversations = useQuery(trpc.assistant.listConversations.queryOptions({ orgId: org.id }, { enabled: !compact }));
  const [conversationId, setConversationId] = useState<string | null>(null);
  const conversation = useQuery(
    trpc.assistant.getConversation.queryOptions({ orgId: org.id, conversationId: conversationId ?? "" }, { enabled: conversationId !== null }),
  );
  const [draft, setDraft] = useState("");
  const [actionError, setActionError] = useState<string | null>(null);

  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.assistant.getConversation.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.assistant.listConversations.queryKey() }),
    ]);
  };
  const finished = async (answer: LiveAnswer) => {
    await refresh();
    if (answer.status !== "streaming") live.clear();
  };
  const live = useAnswerStream(org.id, (answer) => void finished(answer));

  const send = useMutation(trpc.assistant.send.mutationOptions());
  const stop = useMutation(trpc.assistant.stop.mutationOptions());
  const retry = useMutation(trpc.assistant.retry.mutationOptions());
  const confirm = useMutation(trpc.assistant.confirmProposal.mutationOptions());
  const dismiss = useMutation(trpc.assistant.dismissProposal.mutationOptions());
  const remove = useMutation(trpc.assistant.deleteConversation.mutationOptions());

  // A question saved but never answered (the page reloaded between send and stream): answer it now.
  const unanswered = conversation.data?.messages.at(-1);
  const startLive = live.start;
  const liveMessageId = live.answer?.messageId;
  useEffect(() => {
    if (unanswered?.role === "assistant" && unanswered.status === "pending" && liveMessageId !== unanswered.id) startLive(unanswered.id);
  }, [unanswered?.id, unanswered?.role, unanswered?.status, liveMessageId, startLive]);

  const listEnd = useRef<HTMLDivElement>(null);
  useEffect(() => {
    listEnd.current?.scrollIntoView({ block: "nearest" });
  }, [live.answer?.text, conversation.data?.messages.length]);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const message = draft.trim();
    if (!message || live.streaming || send.isPending) return;
    setActionError(null);
    try {
      const turn = await send.mutateAsync({ orgId: org.id, message, conversationId: conversationId ?? undefined, context: conversationId ? undefined : context });
      setDraft("");
      setConversationId(turn.conversationId);
      live.start(turn.assistantMessageId);
      void refresh();
    } catch (error) {
      setActionError(toUserFacingError(error).message);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      void submit();
    }
  };
  const stopAnswer = async () => {
    const messageId = live.answer?.messageId;
    live.stop();
    if (!messageId) return;
    await stop.mutateAsync({ orgId: org.id, messageId }).catch(() => undefined);
    await refresh();
    live.clear();
  };
  const retryAnswer = async (messageId: string) => {
    setActionError(null);
    try {
      await retry.mutateAsync({ orgId: org.id, messageId });
      live.start(messageId);
      void refresh();
    } catch (error) {
      setActionError(toUserFacingError(error).message);
    }
  };
  const act = async (run: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await run();
      await refresh();
    } catch (error) {
      setActionError(toUserFacingError(error).message);
    }
  };

  if (status.isPending) return <Spinner label="Loading the assistant" />;
  if (status.isError) {
    const error = toUserFacingError(status.error);
    return <ErrorState title="The assistant could not load" message={error.message} requestId={error.requestId} onRetry={() => void status.refetch()} />;
  }
  if (!status.data.configured) return <AssistantNotConfigured />;
  if (!status.data.enabled) {
    return (
      <InlineAlert tone="info" title="The assistant is turned off" testId="assistant-disabled">
        An admin of {org.name} turned the assistant off. Admins can turn it back on under Assistant → Usage and budget.
      </InlineAlert>
    );
  }

  const canWrite = roleHasPermission(org.role, "task:write");
  const saved: ShownMessage[] = conversationId ? (conversation.data?.messages ?? []) : [];
  const shown: ShownMessage[] = saved.map((message) =>
    live.answer && message.id === live.answer.messageId
      ? {
          ...message,
          content: live.answer.text,
          status: live.answer.status,
          toolCalls: live.answer.tools,
          proposal: live.answer.proposal ?? message.proposal,
          error: live.answer.error,
        }
      : message,
  );
  const lastAssistant = [...shown].reverse().find((m) => m.role === "assistant");
  const busy = live.streaming || send.isPending || retry.isPending || confirm.isPending || dismiss.isPending;

  const chat = (
    <section aria-label="Conversation" className="flex min-h-0 flex-1 flex-col gap-3">
      <div className={`${compact ? "max-h-96" : "min-h-[16rem]"} flex-1 overflow-y-auto rounded-xl bg-slate-50 p-3 ring-1 ring-slate-200`}>
        {conversationId && conversation.isPending ? (
          <div className="space-y-2" aria-label="Loading the conversation">
            <Skeleton className="h-8 w-2/3" />
            <Skeleton className="ml-auto h-8 w-1/2" />
          </div>
        ) : conversationId && conversation.isError ? (
          <InlineAlert tone="error" title="This conversation could not load">
            {toUserFacingError(conversation.error).message}
          </InlineAlert>
        ) : shown.length === 0 ? (
          <div className="px-2 py-6 text-center text-sm text-slate-600" data-testid="assistant-empty">
            <p className="font-medium text-slate-900">Ask about your work</p>
            <p className="mt-1">
              {context?.type === "project"
                ? "“Summarize this project”, “What is blocked?”, “Draft a status update for the client”, “Plan the next steps as tasks”."
                : context?.type === "task"
                  ? "“Break this task into subtasks”, “What is this task about?”"
                  : "“What is overdue?”, “What is due this week?”, “Find the tasks about the launch”."}
            </p>
          </div>
        ) : (
          <ol className="space-y-3" aria-live="polite" aria-busy={live.streaming} data-testid="assistant-messages">
            {shown.map((message) => (
              <MessageView
                key={message.id}
                message={message}
                latest={message.id === lastAssistant?.id && !live.streaming}
                busy={busy}
                canWrite={canWrite}
                onRetry={() => void retryAnswer(message.id)}
                onConfirm={() => void act(() => confirm.mutateAsync({ orgId: org.id, messageId: message.id }))}
                onDismiss={() => void act(() => dismiss.mutateAsync({ orgId: org.id, messageId: message.id }))}
              />
            ))}
          </ol>
        )}
        <div ref={listEnd} />
      </div>
      {actionError && <InlineAlert tone="error">{actionError}</InlineAlert>}
      <form onSubmit={(event) => void submit(event)} className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="min-w-0 flex-1">
          <label htmlFor={`assistant-input-${compact ? "panel" : "page"}`} className="sr-only">
            Message the assistant
          </label>
          <textarea
            id={`assistant-input-${compact ? "panel" : "page"}`}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={onKeyDown}
            rows={2}
            maxLength={4000}
            placeholder="Ask the assistant… (Enter to send, Shift+Enter for a new line)"
            className="block w-full resize-y rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 placeholder:text-slate-500"
          />
        </div>
        {live.streaming ? (
          <Button variant="secondary" onClick={() => void stopAnswer()}>
            ■ Stop
          </Button>
        ) : (
          <Button type="submit" disabled={!draft.trim() || busy}>
            {send.isPending ? "Sending…" : "Send"}
          </Button>
        )}
      </form>
    </section>
  );

  if (compact) return <div className="flex flex-col gap-3">{chat}</div>;

  return (
    <div className="flex flex-col gap-4 lg:flex-row">
      <aside className="lg:w-64 lg:shrink-0" aria-label="Conversations">
        <div className="mb-2 flex items-center justify-between">
          <h2 className="text-sm font-semibold text-slate-900">History</h2>
          <Button variant="ghost" className="!px-2 !py-1 text-xs" onClick={() => setConversationId(null)} disabled={live.streaming}>
            + New chat
          </Button>
        </div>
        {conversations.isPending ? (
          <Spinner label="Loading history" />
        ) : conversations.isError ? (
          <InlineAlert tone="error">{toUserFacingError(conversations.error).message}</InlineAlert>
        ) : conversations.data.items.length === 0 ? (
          <p className="text-sm text-slate-600">No conversations yet.</p>
        ) : (
          <ul className="space-y-1" data-testid="assistant-history">
            {conversations.data.items.map((item) => (
              <li key={item.id} className="group flex items-center gap-1">
                <button
                  type="button"
                  onClick={() => setConversationId(item.id)}
                  disabled={live.streaming}
                  aria-current={item.id === conversationId ? "true" : undefined}
                  className={`min-w-0 flex-1 rounded-lg px-2 py-1.5 text-left text-sm ${item.id === conversationId ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"}`}
                >
                  <span className="block truncate font-medium">{item.title}</span>
                  <span className="block text-xs text-slate-500">{formatAgo(item.updatedAt)}</span>
                </button>
                <button
                  type="button"
                  aria-label={`Delete conversation “${item.title}”`}
                  disabled={live.streaming || remove.isPending}
                  onClick={() =>
                    void act(async () => {
                      if (!window.confirm("Delete this conversation for good?")) return;
                      await remove.mutateAsync({ orgId: org.id, conversationId: item.id });
                      if (item.id === conversationId) setConversationId(null);
                    })
                  }
                  className="rounded px-1.5 py-1 text-slate-500 hover:bg-rose-50 hover:text-rose-700"
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
      </aside>
      {chat}
    </div>
  );
}
