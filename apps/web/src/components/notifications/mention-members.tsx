"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { MentionMember } from "~/lib/mentions";

const MentionMembersContext = createContext<readonly MentionMember[] | null>(null);

/** The organization's members, for @mention autocomplete and for rendering mentions as names. */
export function MentionMembersProvider({
  members,
  children,
}: {
  members: readonly MentionMember[];
  children: ReactNode;
}) {
  return <MentionMembersContext.Provider value={members}>{children}</MentionMembersContext.Provider>;
}

/** null outside a provider: editors then offer no autocomplete, and mentions render generically. */
export function useMentionMembers(): readonly MentionMember[] | null {
  return useContext(MentionMembersContext);
}
