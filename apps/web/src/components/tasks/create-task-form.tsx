"use client";

import { createTaskInputSchema } from "@agency/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { useHydrated } from "~/lib/use-hydrated";
import { useTRPC } from "~/trpc/react";
import { Button, ButtonLink } from "../ui/button";
import { Card } from "../ui/card";
import { SelectField, TextField } from "../ui/field";
import { InlineAlert } from "../ui/inline-alert";

/** Quick add: a title and a project; everything else is set on the task's page, which opens next. Escape cancels. */
export function CreateTaskForm({
  orgId,
  projects,
  defaultProjectId,
  onCancel,
}: {
  orgId: string;
  projects: readonly { id: string; name: string }[];
  defaultProjectId: string | null;
  onCancel: () => void;
}) {
  const id = useId();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const hydrated = useHydrated();
  const [title, setTitle] = useState("");
  const [projectId, setProjectId] = useState(defaultProjectId ?? projects[0]?.id ?? "");
  const [errors, setErrors] = useState<{ title?: string; projectId?: string }>({});
  const create = useMutation(
    trpc.tasks.create.mutationOptions({
      onSuccess: (task) => {
        void queryClient.invalidateQueries(trpc.tasks.list.infiniteQueryFilter({ orgId }));
        queryClient.setQueryData(trpc.tasks.get.queryKey({ orgId, taskId: task.id }), task);
        router.push(`/app/tasks/${task.id}`);
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = createTaskInputSchema.safeParse({ orgId, projectId, title });
    if (!parsed.success) {
      const next: typeof errors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if ((field === "title" || field === "projectId") && !next[field]) next[field] = issue.message;
      }
      setErrors(next);
      event.currentTarget
        .querySelector<HTMLElement>(next.title ? `#${CSS.escape(`${id}-title`)}` : `#${CSS.escape(`${id}-project`)}`)
        ?.focus();
      return;
    }
    setErrors({});
    create.mutate({ orgId, projectId, title });
  }

  if (projects.length === 0) {
    return (
      <Card title="New task">
        <InlineAlert
          tone="info"
          actions={
            <>
              <ButtonLink href="/app/projects" variant="secondary">
                Go to projects
              </ButtonLink>
              <Button variant="ghost" onClick={onCancel}>
                Close
              </Button>
            </>
          }
        >
          Tasks belong to a project. Create a project first.
        </InlineAlert>
      </Card>
    );
  }

  return (
    <Card title="New task">
      <form
        onSubmit={onSubmit}
        noValidate
        aria-label="New task"
        onKeyDown={(event) => {
          if (event.key === "Escape") onCancel();
        }}
        className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_auto] sm:items-start"
      >
        <TextField
          id={`${id}-title`}
          label="Title"
          value={title}
          maxLength={200}
          autoFocus
          autoComplete="off"
          error={errors.title}
          disabled={create.isPending}
          onChange={(event) => setTitle(event.target.value)}
        />
        <SelectField
          id={`${id}-project`}
          label="Project"
          value={projectId}
          error={errors.projectId}
          disabled={create.isPending}
          onChange={(event) => setProjectId(event.target.value)}
        >
          {projects.map((project) => (
            <option key={project.id} value={project.id}>
              {project.name}
            </option>
          ))}
        </SelectField>
        <div className="flex gap-2 sm:pt-6">
          <Button type="submit" disabled={create.isPending || !hydrated}>
            {create.isPending ? "Creating…" : "Create task"}
          </Button>
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        </div>
        {create.error && (
          <div className="sm:col-span-3">
            <InlineAlert tone="error">{toUserFacingError(create.error).message}</InlineAlert>
          </div>
        )}
      </form>
    </Card>
  );
}
