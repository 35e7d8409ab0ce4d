/**
 * 5xx the fuzz test still finds whose root is in a service or router — code owned elsewhere,
 * to be switched to the checked cursor helpers of lib/cursor.ts (the fix for each is named).
 * The fuzz test counts a 5xx that matches one of these separately instead of failing;
 * regressions.test.ts holds one `it.fails` case per entry, which starts failing the day the
 * call site is fixed: then delete the entry here and turn the case into a plain `it`.
 */
export interface PendingServiceFix {
  /** The procedure. */
  path: string;
  /** The call site (file:line on wt-validators' base). */
  where: string;
  fix: string;
  /** Whether a request is one this defect turns into a 500 (`batchWith`: the call was batched with that path). */
  matches(input: unknown, call: { batchWith?: string }): boolean;
}

function cursorOf(input: unknown): { key: unknown; input: Record<string, unknown> } | null {
  if (!input || typeof input !== "object" || !("cursor" in input) || typeof input.cursor !== "string") return null;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(input.cursor, "base64url").toString("utf8"));
    return Array.isArray(decoded) ? { key: decoded[0], input: input as Record<string, unknown> } : null;
  } catch {
    return null;
  }
}

/** A text key where the list expects a timestamp: `new Date(Number(key))` is an Invalid Date. */
const textKeyInTimestampList = (input: unknown, sorted: (input: Record<string, unknown>) => boolean) => {
  const cursor = cursorOf(input);
  return cursor !== null && typeof cursor.key === "string" && sorted(cursor.input);
};

export const PENDING_SERVICE_FIXES: PendingServiceFix[] = [
  {
    path: "comments.list",
    where: "apps/api/src/services/comments/comments.ts:52-53",
    fix: "const { at: createdAt, id } = decodeTimestampCursor(input.cursor)",
    matches: (input) => textKeyInTimestampList(input, () => true),
  },
  ...["clients.list", "projects.list"].map((path) => ({
    path,
    where: "apps/api/src/lib/name-or-newest-keyset.ts:26-27 (sort: newest)",
    fix: "const { at, id } = decodeTimestampCursor(cursor) (and decodeTextCursor for sort: name, lines 16-17)",
    matches: (input: unknown) => textKeyInTimestampList(input, (i) => i.sort === "newest"),
  })),
  {
    path: "audit.list",
    where: "apps/api/src/routers/audit/list.ts:29-33",
    fix: "const { at, id } = decodeTimestampCursor(input.cursor, bigintIdString()); createdAt: { lt: at } … id: { lt: BigInt(id) }",
    matches: (input) => textKeyInTimestampList(input, () => true),
  },
  {
    path: "tasks.list",
    where: "apps/api/src/services/tasks/list.ts:133-137 (sort: position)",
    fix: "const position = cursorKeyNumber(match[2]) — the regex lets 1e999 through and Number() makes it Infinity",
    matches: (input) => {
      const cursor = cursorOf(input);
      if (!cursor || cursor.input.sort !== "position" || typeof cursor.key !== "string") return false;
      const match = /^(todo|in_progress|review|done):(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/.exec(cursor.key);
      return match !== null && !Number.isFinite(Number(match[2]));
    },
  },
  {
    path: "tasks.list",
    where: "apps/api/src/services/tasks/list.ts:104-106 (sort: due)",
    fix: "const at = cursorKeyDay(key.slice(2)) — year 0000 passes the NaN check and PostgreSQL refuses it",
    matches: (input) => {
      const cursor = cursorOf(input);
      return cursor?.input.sort === "due" && typeof cursor.key === "string" && cursor.key.startsWith("d:0000-");
    },
  },
  {
    path: "auth.oauthSignIn",
    where: "apps/api/src/services/auth/oauth.ts:27-43",
    fix:
      "two concurrent first sign-ins with one provider account (a batch of two, or a double click) both read " +
      "'no account' and both insert: the second hits the unique index (P2002). Catch P2002 around the inserts " +
      "and retry once (the retry finds the account and signs in), as accounts.ts:42 does for sign-up",
    matches: (_input, call) => call.batchWith === "auth.oauthSignIn",
  },
];

export function pendingServiceFix(path: string, input: unknown, call: { batchWith?: string } = {}) {
  return PENDING_SERVICE_FIXES.find((fix) => fix.path === path && fix.matches(input, call));
}
