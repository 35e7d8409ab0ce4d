/**
 * Mentions are stored as `<@user-id>` (the API notifies by id; names can change) and edited as
 * `@Name`: the editors show names and convert back on save. Only members of the organization are
 * offered and converted; an id that is no member any more renders as "@former member".
 */
export interface MentionMember {
  userId: string;
  name: string;
}

const TOKEN = /<@([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/gi;

/** Stored text → what the editor shows (`<@id>` → `@Name`; unknown ids stay as they are). */
export function mentionsToDisplay(text: string, members: readonly MentionMember[]): string {
  const names = new Map(members.map((m) => [m.userId.toLowerCase(), m.name]));
  return text.replace(TOKEN, (token, id: string) => {
    const name = names.get(id.toLowerCase());
    return name ? `@${name}` : token;
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** What the editor shows → stored text: `@Name` of a member (longest names first) → `<@id>`. */
export function mentionsToStorage(text: string, members: readonly MentionMember[]): string {
  const byLength = [...members].filter((m) => m.name.trim()).sort((a, b) => b.name.length - a.name.length);
  let out = text;
  for (const member of byLength) {
    const pattern = new RegExp(`(^|[^\\w<])@${escapeRegExp(member.name)}(?![\\w])`, "g");
    out = out.replace(pattern, (_match, before: string) => `${before}<@${member.userId}>`);
  }
  return out;
}

/** The `@query` being typed right before the caret, if any: where it starts and what it says. */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|[\s(])@([^\s@<>][^@<>\n]{0,29}|)$/.exec(before);
  if (!match) return null;
  const query = match[2] ?? "";
  // Two words at most: "@Ada Lo" still searches, a whole sentence after @ does not.
  if (query.split(" ").length > 2) return null;
  return { start: before.length - query.length - 1, query };
}

/** Members whose name starts with the query, or has a word that does (case-insensitive), at most 8. */
export function matchMembers(members: readonly MentionMember[], query: string): MentionMember[] {
  const q = query.trim().toLowerCase();
  return members
    .filter((m) => {
      const name = m.name.toLowerCase();
      return !q || name.startsWith(q) || name.split(/\s+/).some((word) => word.startsWith(q));
    })
    .slice(0, 8);
}

/** Splits stored text into text and mention parts (for rendering names in plain text). */
export function mentionIdsIn(text: string): string[] {
  return [...text.matchAll(TOKEN)].map((m) => m[1]!.toLowerCase());
}
