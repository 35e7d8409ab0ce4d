import type { Role } from "@agency/validators";
import { TRPCClientError } from "@trpc/client";
import { cookies } from "next/headers";
import { cache } from "react";
import { serverApi } from "./internal-api";

/** Cookie holding the id of the organization the user works in (validated against their memberships on every read). */
export const ACTIVE_ORG_COOKIE = "agency-org";

export interface OrgSummary {
  id: string;
  name: string;
  slug: string;
  role: Role;
}

export interface ActiveOrgState {
  orgs: OrgSummary[];
  active: OrgSummary | null;
  /** The cookie named an organization the user no longer belongs to (removed, left). */
  lostAccess: boolean;
}

/** The user's organizations and the active one: the cookie's if still a member, else the first. Cached per request. */
export const activeOrgState = cache(async (sessionId: string): Promise<ActiveOrgState> => {
  // A 401 means the session just ended: the layout's own check sends this request to sign-in (pages render alongside it).
  const orgs = await serverApi(sessionId)
    .organizations.mine.query()
    .catch((error: unknown) => {
      if (error instanceof TRPCClientError && (error.data as { httpStatus?: number } | undefined)?.httpStatus === 401) return [];
      throw error;
    });
  const wanted = (await cookies()).get(ACTIVE_ORG_COOKIE)?.value;
  const chosen = wanted ? orgs.find((org) => org.id === wanted) : undefined;
  return { orgs, active: chosen ?? orgs[0] ?? null, lostAccess: Boolean(wanted && !chosen) };
});
