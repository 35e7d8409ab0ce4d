"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";

/**
 * The organization's labels in use (labels.list, most used first) as a native <datalist>: the
 * browser's own autocomplete for a label input (`list={id}`), keyboard- and screen-reader-usable,
 * matching case-insensitively anywhere in the label. Each option shows how many tasks carry it.
 * Without suggestions (still loading, or none yet) the input simply works as free text.
 */
export function LabelSuggestions({ id, orgId, exclude = [] }: { id: string; orgId: string; exclude?: readonly string[] }) {
  const trpc = useTRPC();
  const labels = useQuery({ ...trpc.labels.list.queryOptions({ orgId, limit: 100 }), staleTime: 60_000 });
  const options = (labels.data?.items ?? []).filter((item) => !exclude.includes(item.label));
  return (
    <datalist id={id} data-testid="label-suggestions">
      {options.map((item) => (
        <option key={item.label} value={item.label} label={`${item.taskCount} ${item.taskCount === 1 ? "task" : "tasks"}`} />
      ))}
    </datalist>
  );
}
