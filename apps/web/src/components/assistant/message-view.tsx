"use client";

import type { AssistantMessage, AssistantProposal } from "@agency/validators";
import Link from "next/link";
import { Markdown } from "../markdown/markdown";
import { Button } from "../ui/button";
import { InlineAlert } from "../ui/inline-alert";

export interface ShownMessage {
  id: string;
  role: AssistantMessage["role"];
  content: string;
  status: AssistantMessage["status"];
  error: string | null;
  toolCalls: { name: string; summary: string }[];
  proposal: AssistantProposal | null;
}

export function MessageView({
  message,
  latest,
  onRetry,
  onConfirm,
  onDismiss,
  busy,
  canWrite,
}: {
  message: ShownMessage;
  /** Only the latest answer can be retried. */
  latest: boolean;
  onRetry: () => void;
  onConfirm: () => void;
  onDismiss: () => void;
  busy: boolean;
  canWrite: boolean;
}) {
  if (message.role === "user") {
    return (
      <li className="flex justify-end">
        <div className="max-w-[85%] whitespace-pre-wrap rounded-2xl rounded-br-sm bg-brand-600 px-4 py-2 text-sm text-white" data-testid="user-message">
          {message.content}
        </div>
      </li>
    );
  }
  const running = message.status === "pending" || message.status === "streaming";
  return (
    <li className="flex justify-start">
      <div className="w-full max-w-[95%] space-y-2 rounded-2xl rounded-bl-sm bg-white px-4 py-3 text-sm text-slate-800 ring-1 ring-slate-200" data-testid="assistant-message" data-status={message.status}>
        {message.toolCalls.length > 0 && (
          <ul className="flex flex-wrap gap-1.5" aria-label="What the assistant looked up">
            {message.toolCalls.map((tool, index) => (
              <li key={index} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
                {tool.summary}
              </li>
            ))}
          </ul>
        )}
        {message.content ? (
          <div data-testid="assistant-text">
            <Markdown source={message.content} />
          </div>
        ) : running ? (
          <p className="text-slate-500" data-testid="assistant-thinking">
            Thinking…
          </p>
        ) : null}
        {running && message.content && <span aria-hidden className="inline-block h-4 w-1.5 animate-pulse bg-slate-400 align-middle" />}
        {message.proposal && <ProposalCard proposal={message.proposal} onConfirm={onConfirm} onDismiss={onDismiss} busy={busy} canWrite={canWrite} />}
        {message.status === "stopped" && (
          <p className="text-xs font-medium text-slate-500" data-testid="answer-stopped">
            Stopped.
          </p>
        )}
        {message.status === "error" && <InlineAlert tone="error" title="The assistant could not answer">{message.error ?? "Something went wrong."}</InlineAlert>}
        {latest && (message.status === "stopped" || message.status === "error" || message.status === "complete") && (
          <div>
            <Button variant="ghost" className="!px-2 !py-1 text-xs" onClick={onRetry} disabled={busy}>
              ↻ Retry
            </Button>
          </div>
        )}
      </div>
    </li>
  );
}

function ProposalCard({
  proposal,
  onConfirm,
  onDismiss,
  busy,
  canWrite,
}: {
  proposal: AssistantProposal;
  onConfirm: () => void;
  onDismiss: () => void;
  busy: boolean;
  canWrite: boolean;
}) {
  return (
    <div className="rounded-lg border border-brand-100 bg-brand-50 p-3" data-testid="proposal" data-state={proposal.state}>
      <p className="font-semibold text-slate-900">
        Proposed: {proposal.tasks.length} new {proposal.tasks.length === 1 ? "task" : "tasks"} in “{proposal.projectName}”
      </p>
      <ol className="mt-2 list-decimal space-y-1 pl-5">
        {proposal.tasks.map((task, index) => (
          <li key={index}>
            <span className="font-medium">{task.title}</span>
            {task.description && <span className="text-slate-600"> — {task.description}</span>}
          </li>
        ))}
      </ol>
      {proposal.state === "pending" ? (
        <div className="mt-3 flex flex-wrap items-center gap-2">
          {canWrite ? (
            <>
              <Button onClick={onConfirm} disabled={busy} className="!py-1.5">
                Create these tasks
              </Button>
              <Button variant="secondary" onClick={onDismiss} disabled={busy} className="!py-1.5">
                Dismiss
              </Button>
              <span className="text-xs text-slate-600">Nothing is created until you confirm.</span>
            </>
          ) : (
            <span className="text-xs text-slate-600">Your role cannot create tasks; ask a member to confirm.</span>
          )}
        </div>
      ) : proposal.state === "confirmed" ? (
        <p className="mt-2 text-sm text-emerald-800" data-testid="proposal-confirmed">
          Created {proposal.createdTaskIds.length} tasks.{" "}
          <Link className="font-medium underline" href={`/app/projects/${proposal.projectId}`}>
            Open the board
          </Link>
        </p>
      ) : (
        <p className="mt-2 text-sm text-slate-600">Dismissed.</p>
      )}
    </div>
  );
}
