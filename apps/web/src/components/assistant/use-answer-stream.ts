"use client";

import type { AssistantProposal } from "@agency/validators";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useCallback, useState } from "react";
import { useTRPC } from "~/trpc/react";

export interface LiveAnswer {
  messageId: string;
  text: string;
  tools: { name: string; summary: string }[];
  proposal: AssistantProposal | null;
  status: "streaming" | "complete" | "stopped" | "error";
  error: string | null;
}

/**
 * Streams one answer over SSE (assistant.stream): text deltas are appended as they arrive. Stop
 * closes the subscription (the server aborts the model request) — callers also send
 * assistant.stop so a stream on another API instance ends too.
 */
export function useAnswerStream(orgId: string, onFinished: (answer: LiveAnswer) => void) {
  const trpc = useTRPC();
  const [answer, setAnswer] = useState<LiveAnswer | null>(null);
  const streaming = answer?.status === "streaming";

  useSubscription(
    trpc.assistant.stream.subscriptionOptions(
      { orgId, messageId: answer?.messageId ?? "00000000-0000-4000-8000-000000000000" },
      {
        enabled: streaming,
        onData: (item) => {
          setAnswer((current) => {
            if (!current) return current;
            if (item.type === "text") return { ...current, text: current.text + item.delta };
            if (item.type === "tool") return { ...current, tools: [...current.tools, { name: item.name, summary: item.summary }] };
            if (item.type === "proposal") return { ...current, proposal: item.proposal };
            const finished = { ...current, status: item.status, error: item.error?.message ?? null };
            queueMicrotask(() => onFinished(finished));
            return finished;
          });
        },
        onError: (error) => {
          setAnswer((current) => {
            if (!current) return current;
            const failed = { ...current, status: "error" as const, error: error.message };
            queueMicrotask(() => onFinished(failed));
            return failed;
          });
        },
      },
    ),
  );

  const start = useCallback((messageId: string) => {
    setAnswer({ messageId, text: "", tools: [], proposal: null, status: "streaming", error: null });
  }, []);
  const stop = useCallback(() => {
    setAnswer((current) => (current && current.status === "streaming" ? { ...current, status: "stopped" } : current));
  }, []);
  const clear = useCallback(() => setAnswer(null), []);
  return { answer, streaming, start, stop, clear };
}
