"use client";

import { changedTaskFields, describeTaskEdit } from "~/lib/task-edit";
import { Button } from "../ui/button";
import type { TaskConflict } from "./use-task-editor";

/**
 * A save lost a race: someone saved a newer version first. Shows what they
 * changed (the latest values) beside the change that was not saved, which also
 * stays in its editor; the person loads the latest or sends theirs again.
 */
export function TaskConflictNotice({
  conflict,
  people,
  pending,
  onLoadLatest,
  onSaveMine,
}: {
  conflict: TaskConflict;
  people: ReadonlyMap<string, string>;
  pending: boolean;
  onLoadLatest: () => void;
  onSaveMine: () => void;
}) {
  const theirs = changedTaskFields(conflict.mine, conflict.latest);
  const mine = describeTaskEdit(conflict.edit, people);
  return (
    <div
      role="alert"
      data-testid="task-conflict"
      className="rounded-xl bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset"
    >
      <p className="font-semibold">Someone else changed this task</p>
      <p className="mt-1">Your change was not saved. The latest version (version {conflict.latest.version}) has:</p>
      {theirs.length > 0 ? (
        <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1">
          {theirs.map((change) => (
            <div key={change.field} className="contents">
              <dt className="font-medium">{change.label}</dt>
              <dd className="break-words" data-testid={`conflict-latest-${change.field}`}>
                {change.value}
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="mt-1">No visible field changed (it may have been reordered on the board).</p>
      )}
      {mine.length > 0 && (
        <>
          <p className="mt-3 font-medium">Your change, not saved yet:</p>
          <dl className="mt-1 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1">
            {mine.map((change) => (
              <div key={change.field} className="contents">
                <dt className="font-medium">{change.label}</dt>
                <dd className="break-words" data-testid={`conflict-mine-${change.field}`}>
                  {change.value}
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        <Button onClick={onLoadLatest} disabled={pending}>
          Load latest
        </Button>
        <Button variant="secondary" onClick={onSaveMine} disabled={pending}>
          Save my change anyway
        </Button>
      </div>
    </div>
  );
}
