import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "./helpers";

let t: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

/**
 * Migration …_invitation_preview_labels_search rewrote existing task labels with
 * app_normalised_labels; the API's taskLabelSchema writes the same form from then on.
 */
describe("label normalisation of existing rows", () => {
  it("trims, lower-cases, collapses inner whitespace, drops empties and duplicates, keeping first-seen order", async () => {
    const { rows } = await t.pool.query<{ labels: string[] }>(
      "SELECT app_normalised_labels(ARRAY['  Needs   Review ', 'URGENT', 'urgent', '', '   ', 'Design']) AS labels",
    );
    expect(rows[0]?.labels).toEqual(["needs review", "urgent", "design"]);
    const empty = await t.pool.query<{ labels: string[] }>("SELECT app_normalised_labels(ARRAY[]::text[]) AS labels");
    expect(empty.rows[0]?.labels).toEqual([]);
  });

  it("is immutable, so it can serve an index or a check later", async () => {
    const { rows } = await t.pool.query<{ volatility: string }>(
      "SELECT provolatile AS volatility FROM pg_proc WHERE proname = 'app_normalised_labels'",
    );
    expect(rows[0]?.volatility).toBe("i");
  });
});

describe("invitation preview function", () => {
  it("is a SECURITY DEFINER function app_user may call, owned by app_maintenance", async () => {
    const { rows } = await t.pool.query<{ definer: boolean; owner: string; callable: boolean }>(
      `SELECT p.prosecdef AS definer, pg_get_userbyid(p.proowner) AS owner,
              has_function_privilege('app_user', p.oid, 'EXECUTE') AS callable
         FROM pg_proc p WHERE p.proname = 'app_preview_invitation'`,
    );
    expect(rows[0]).toEqual({ definer: true, owner: "app_maintenance", callable: true });
  });
});
