"use client";

import { projectSchema, type ProjectDto } from "@agency/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { conflictCurrent } from "~/lib/api-conflict";
import { toUserFacingError } from "~/lib/api-error";
import {
  EMPTY_PROJECT_FORM,
  formValuesOf,
  parseProjectForm,
  projectPatch,
  type ProjectFormErrors,
  type ProjectFormValues,
} from "~/lib/project-form";
import { useHydrated } from "~/lib/use-hydrated";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { InlineAlert } from "../ui/inline-alert";
import { ProjectFormFields } from "./project-form-fields";

function focusFirstError(form: HTMLFormElement, errors: ProjectFormErrors) {
  const first = Object.keys(errors)[0];
  if (first) form.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
}

/**
 * New project, or edits to one against the version it was loaded from. A stale version
 * (someone saved first) keeps the user's edits and offers the latest version.
 */
export function ProjectForm({
  orgId,
  project,
  onSaved,
  onCancel,
}: {
  orgId: string;
  project?: ProjectDto;
  onSaved: (project: ProjectDto) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hydrated = useHydrated();
  const [baseline, setBaseline] = useState(project);
  const [values, setValues] = useState<ProjectFormValues>(() => (project ? formValuesOf(project) : EMPTY_PROJECT_FORM));
  const [errors, setErrors] = useState<ProjectFormErrors>({});
  const [conflict, setConflict] = useState<ProjectDto | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const title = project ? `Edit ${project.name}` : "New project";

  const saved = (result: ProjectDto) => {
    queryClient.setQueryData(trpc.projects.get.queryKey({ orgId, projectId: result.id }), result);
    void queryClient.invalidateQueries(trpc.projects.list.infiniteQueryFilter({ orgId }));
    onSaved(result);
  };
  const create = useMutation(trpc.projects.create.mutationOptions({ onSuccess: saved }));
  const update = useMutation(
    trpc.projects.update.mutationOptions({
      onSuccess: saved,
      onError: (error) => {
        const latest = conflictCurrent(error, projectSchema);
        if (latest) setConflict(latest);
      },
    }),
  );
  const pending = create.isPending || update.isPending;
  const error = create.error ?? (update.error && !conflict ? update.error : null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setInfo(null);
    const parsed = parseProjectForm(values);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      focusFirstError(event.currentTarget, parsed.errors);
      return;
    }
    setErrors({});
    if (!baseline) {
      create.mutate({ orgId, ...parsed.data });
      return;
    }
    const patch = projectPatch(baseline, parsed.data);
    if (!patch) {
      setInfo("Nothing to save: no field has changed.");
      return;
    }
    setConflict(null);
    update.mutate({ orgId, projectId: baseline.id, expectedVersion: baseline.version, patch });
  }

  return (
    <Card title={title}>
      <form
        onSubmit={onSubmit}
        noValidate
        aria-label={title}
        onKeyDown={(event) => {
          if (event.key === "Escape") onCancel();
        }}
        className="space-y-4"
      >
        {conflict && (
          <InlineAlert
            tone="warning"
            testId="project-conflict"
            title="Someone else changed this project while you were editing"
            actions={
              <>
                <Button
                  onClick={() => {
                    setBaseline(conflict);
                    setValues(formValuesOf(conflict));
                    setConflict(null);
                    update.reset();
                    setInfo("Loaded the latest version. Make your changes again if they are still needed.");
                  }}
                >
                  Load latest version
                </Button>
                <Button
                  variant="secondary"
                  onClick={() => {
                    setBaseline(conflict);
                    setConflict(null);
                    update.reset();
                    setInfo("Your changes are still in the form. Saving now replaces the latest version.");
                  }}
                >
                  Keep my changes
                </Button>
              </>
            }
          >
            Your changes were not saved. The latest version is version {conflict.version} ({conflict.name},{" "}
            {conflict.client.name}).
          </InlineAlert>
        )}
        <ProjectFormFields
          orgId={orgId}
          idPrefix={project ? `edit-project-${project.id}` : "new-project"}
          values={values}
          errors={errors}
          autoFocus
          disabled={pending}
          currentClient={baseline?.client}
          onChange={(field, value) => {
            setValues((current) => ({ ...current, [field]: value }));
            if (errors[field]) setErrors((current) => ({ ...current, [field]: undefined }));
          }}
        />
        {error && <InlineAlert tone="error">{toUserFacingError(error).message}</InlineAlert>}
        {info && <InlineAlert tone="info">{info}</InlineAlert>}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={pending || !hydrated || Boolean(conflict)}>
            {pending ? "Saving…" : project ? "Save changes" : "Create project"}
          </Button>
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}
