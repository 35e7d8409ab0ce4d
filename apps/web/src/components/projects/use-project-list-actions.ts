"use client";

import type { ProjectDto } from "@agency/validators";
import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useState } from "react";
import { isConflict } from "~/lib/api-conflict";
import { toUserFacingError } from "~/lib/api-error";
import { withoutItem, type InfinitePages } from "~/lib/infinite-pages";
import { useTRPC } from "~/trpc/react";

export interface ProjectListNotice {
  tone: "success" | "error";
  message: string;
  /** Offered after a delete: puts the project back at once. */
  undo?: () => void;
}

/**
 * Delete and restore from the list, applied to every cached page at once (optimistic) and
 * rolled back if the API refuses; the lists are refetched afterwards either way.
 */
export function useProjectListActions(orgId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<ProjectListNotice | null>(null);
  const lists = trpc.projects.list.infiniteQueryFilter({ orgId });

  async function hideFromLists(projectId: string) {
    await queryClient.cancelQueries(lists);
    const snapshot = queryClient.getQueriesData(lists);
    queryClient.setQueriesData(lists, (data: InfinitePages<ProjectDto> | undefined) => withoutItem(data, projectId));
    return snapshot;
  }
  function rollback(snapshot: [QueryKey, unknown][] | undefined) {
    for (const [key, data] of snapshot ?? []) queryClient.setQueryData(key, data);
  }
  const refetchLists = () => queryClient.invalidateQueries(lists);
  const remember = (project: ProjectDto) =>
    queryClient.setQueryData(trpc.projects.get.queryKey({ orgId, projectId: project.id }), project);
  const failure = (error: unknown, verb: string): ProjectListNotice => ({
    tone: "error",
    message: isConflict(error)
      ? `Someone else changed this project just now, so it was not ${verb}. The list now shows their version.`
      : `The project was not ${verb}: ${toUserFacingError(error).message}`,
  });

  const restore = useMutation(
    trpc.projects.restore.mutationOptions({
      onMutate: async (input) => ({ snapshot: await hideFromLists(input.projectId) }),
      onError: (error, _input, context) => {
        rollback(context?.snapshot);
        setNotice(failure(error, "restored"));
      },
      onSuccess: (project) => {
        remember(project);
        setNotice({ tone: "success", message: `Restored ${project.name}.` });
      },
      onSettled: refetchLists,
    }),
  );

  const remove = useMutation(
    trpc.projects.delete.mutationOptions({
      onMutate: async (input) => ({ snapshot: await hideFromLists(input.projectId) }),
      onError: (error, _input, context) => {
        rollback(context?.snapshot);
        setNotice(failure(error, "moved to the trash"));
      },
      onSuccess: (project) => {
        remember(project);
        setNotice({
          tone: "success",
          message: `Moved ${project.name} to the trash.`,
          undo: () => restore.mutate({ orgId, projectId: project.id, expectedVersion: project.version }),
        });
      },
      onSettled: refetchLists,
    }),
  );

  return {
    notice,
    dismissNotice: () => setNotice(null),
    moveToTrash: (project: ProjectDto) => {
      setNotice(null);
      remove.mutate({ orgId, projectId: project.id, expectedVersion: project.version });
    },
    restore: (project: ProjectDto) => {
      setNotice(null);
      restore.mutate({ orgId, projectId: project.id, expectedVersion: project.version });
    },
  };
}
