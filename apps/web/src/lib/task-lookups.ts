/** Enough projects for a picker; an agency with more sees the first hundred by name. */
const PROJECT_LIMIT = 100;

/** The projects.list input behind task pages' project names and pickers (client hook and server prefetch alike). */
export function lookupProjectsInput(orgId: string) {
  return { orgId, limit: PROJECT_LIMIT, sort: "name" as const };
}
