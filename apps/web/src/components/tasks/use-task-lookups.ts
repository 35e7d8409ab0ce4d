"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { lookupProjectsInput } from "~/lib/task-lookups";
import { useTRPC } from "~/trpc/react";

/** Members (assignee pickers, names in the history) and projects (names, the project filter) of the organization. */
export function useTaskLookups(orgId: string) {
  const trpc = useTRPC();
  const members = useQuery(trpc.members.list.queryOptions({ orgId }, { staleTime: 60_000 }));
  const projects = useQuery(
    trpc.projects.list.queryOptions(lookupProjectsInput(orgId), { staleTime: 60_000 }),
  );
  const people = useMemo(
    () => new Map((members.data ?? []).map((member) => [member.userId, member.name])),
    [members.data],
  );
  const projectNames = useMemo(
    () => new Map((projects.data?.items ?? []).map((project) => [project.id, project.name])),
    [projects.data],
  );
  return {
    members: members.data ?? [],
    projects: projects.data?.items ?? [],
    people,
    projectNames,
    membersError: members.error,
    projectsError: projects.error,
  };
}
