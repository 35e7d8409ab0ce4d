/**
 * A search term that Prisma's `contains` (ILIKE '%term%', sent unescaped) matches
 * literally: the term's own `%`, `_` and `\` are escaped with Postgres' default
 * LIKE escape character.
 */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, "\\$&");
