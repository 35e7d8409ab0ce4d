"use client";

import type { TaskDto } from "@agency/validators";
import { useState } from "react";
import { expectedVersionFor } from "~/lib/task-edit";
import type { TaskEditor } from "./use-task-editor";

type TextField = "title" | "description";

/**
 * A draft of one text field. It remembers the value and version it was opened
 * on, so saving after someone else changed the same field is a conflict (the
 * draft stays open), while their changes to other fields merge quietly.
 */
export function useTextDraft(task: TaskDto, field: TextField, editor: TaskEditor) {
  const [draft, setDraft] = useState<string | null>(null);
  const [base, setBase] = useState({ value: task[field], version: task.version, task });

  return {
    editing: draft !== null,
    draft: draft ?? task[field],
    setDraft,
    open: () => {
      setBase({ value: task[field], version: task.version, task });
      setDraft(task[field]);
    },
    cancel: () => setDraft(null),
    /** Saves the draft (already validated); closes on success, stays open with the draft otherwise. */
    save: async (value: string) => {
      if (value === task[field] && base.value === task[field]) {
        setDraft(null);
        return;
      }
      const result = await editor.save(
        { kind: "patch", patch: { [field]: value } },
        expectedVersionFor(task, field, base.value, base.version),
        base.task,
      );
      if (result.outcome === "saved") setDraft(null);
      // The person has now seen the latest value: saving again knowingly replaces it.
      if (result.outcome === "conflict")
        setBase({ value: result.latest[field], version: result.latest.version, task: result.latest });
    },
  };
}
