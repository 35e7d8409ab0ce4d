"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "~/trpc/react";

/** Enough projects for a picker; an agency with more sees the first hundred by name. */
const PROJECT_LIMIT = 100;

/** Members (assignee pickers, names in the history) and projects (names, the project filter) of the organization. */
export function useTaskLookups(orgId: string) {
  const trpc = useTRPC();
  const members = useQuery(trpc.members.list.queryOptions({ orgId }, { staleTime: 60_000 }));
  const projects = useQuery(
    trpc.projects.list.queryOptions({ orgId, limit: PROJECT_LIMIT, sort: "name" }, { staleTime: 60_000 }),
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
