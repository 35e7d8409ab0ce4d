"use client";

import { useEffect, useRef, useState, type InputHTMLAttributes } from "react";
import { fieldControlClass } from "./field";

/**
 * A text input that reports its value after the user pauses typing (or at once
 * on Enter), for filters bound to the URL. When `value` changes from outside
 * (back button, "Clear filters") the input follows it.
 */
export function DebouncedInput({
  value,
  onCommit,
  delayMs = 300,
  className = "",
  ...input
}: { value: string; onCommit: (value: string) => void; delayMs?: number } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "value" | "onChange" | "defaultValue"
>) {
  const [draft, setDraft] = useState(value);
  const [committed, setCommitted] = useState(value);
  if (committed !== value) {
    // The value changed elsewhere: show it (adjusting state during render, not in an effect).
    setCommitted(value);
    if (draft.trim() !== value.trim()) setDraft(value);
  }
  const onCommitRef = useRef(onCommit);
  useEffect(() => {
    onCommitRef.current = onCommit;
  });

  useEffect(() => {
    if (draft.trim() === committed.trim()) return;
    const timer = setTimeout(() => onCommitRef.current(draft), delayMs);
    return () => clearTimeout(timer);
  }, [draft, committed, delayMs]);

  return (
    <input
      {...input}
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          onCommitRef.current(draft);
        }
        input.onKeyDown?.(event);
      }}
      className={`${fieldControlClass} ${className}`.trim()}
    />
  );
}
