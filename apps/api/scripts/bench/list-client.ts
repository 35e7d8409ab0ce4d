import type { CapturedStatement } from "./statement-log";

export type ListInput = Record<string, unknown> & { orgId: string };

export type ListCall =
  | { ok: true; ms: number; statements: CapturedStatement[]; items: number; nextCursor: string | null }
  | { ok: false; ms: number; statements: CapturedStatement[]; error: string };

interface TrpcBody {
  result?: { data: { items: unknown[]; nextCursor: string | null } };
  error?: { message: string; data?: { code?: string } };
}

/**
 * tasks.list over real HTTP (GET /trpc/tasks.list?input=…) with the headers the web
 * proxy sends. `takeStatements` returns what the API's pool sent since its last call,
 * so one call's statements are exactly its own (calls run one at a time).
 */
export function tasksListClient(
  base: string,
  headers: Record<string, string>,
  takeStatements: () => CapturedStatement[],
) {
  return async (input: ListInput): Promise<ListCall> => {
    takeStatements();
    const started = performance.now();
    const response = await fetch(`${base}/trpc/tasks.list?input=${encodeURIComponent(JSON.stringify(input))}`, {
      headers,
    });
    const body = (await response.json()) as TrpcBody;
    const ms = performance.now() - started;
    const statements = takeStatements();
    if (!response.ok || !body.result) {
      return {
        ok: false,
        ms,
        statements,
        error: `${response.status} ${body.error?.data?.code ?? ""}: ${body.error?.message ?? ""}`,
      };
    }
    return { ok: true, ms, statements, items: body.result.data.items.length, nextCursor: body.result.data.nextCursor };
  };
}

export interface DeepCursor {
  cursor: string;
  rowsBefore: number;
  pages: number;
  ms: number;
  /** Why the walk stopped short of the depth asked for, if it did. */
  stoppedBy?: string;
}

/**
 * Walks pages of 100 (a cursor is the last row's key, whatever the page size) until
 * `depth` rows lie behind the cursor. A shorter list stops at its last cursor that still
 * has a page of 50 ahead; an error or the time budget stops at the deepest cursor reached.
 */
export async function findDeepCursor(
  call: (input: ListInput) => Promise<ListCall>,
  input: ListInput,
  depth: number,
  budgetMs: number,
): Promise<DeepCursor | null> {
  const started = performance.now();
  const boundaries: { cursor: string; rowsBefore: number }[] = [];
  let rowsBefore = 0;
  let cursor: string | undefined;
  let pages = 0;
  let stoppedBy: string | undefined;
  let exhausted = false;
  while (rowsBefore < depth) {
    if (performance.now() - started > budgetMs) {
      stoppedBy = `walk budget of ${Math.round(budgetMs / 1000)} s`;
      break;
    }
    const page = await call({ ...input, limit: Math.min(100, depth - rowsBefore), ...(cursor ? { cursor } : {}) });
    if (!page.ok) {
      stoppedBy = `error after ${rowsBefore.toLocaleString("en-US")} rows: ${page.error}`;
      break;
    }
    pages++;
    rowsBefore += page.items;
    if (!page.nextCursor) {
      exhausted = true;
      break;
    }
    cursor = page.nextCursor;
    boundaries.push({ cursor, rowsBefore });
  }
  const usable = exhausted ? boundaries.filter((b) => b.rowsBefore <= rowsBefore - 50) : boundaries;
  const chosen = usable.at(-1);
  return chosen ? { ...chosen, pages, ms: performance.now() - started, stoppedBy } : null;
}
