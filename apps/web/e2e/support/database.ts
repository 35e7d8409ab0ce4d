import { readFileSync } from "node:fs";
// The one E2E seed that writes SQL: valid-time (back-dated) retainer versions have no UI or API yet.
// The app itself still never touches the database; this runs in the Playwright worker only.
// eslint-disable-next-line no-restricted-imports
import pg from "pg";

/**
 * The E2E stack's database, for seeding what no UI creates yet — a retainer history with
 * back-dated versions (the billing UI records changes as of now; revenue needs months of past).
 * scripts/e2e-stack.ts writes the URL to E2E_DATABASE_URL_FILE (playwright.config.ts).
 */
export async function withStackDatabase<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const file = process.env.E2E_DATABASE_URL_FILE;
  if (!file) throw new Error("E2E_DATABASE_URL_FILE is not set: run the specs through playwright.config.ts");
  const client = new pg.Client({
    connectionString: readFileSync(file, "utf8").trim(),
    application_name: "agency-e2e-seed",
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The first instant (UTC) of the month `offset` months from now, on `day`. */
export function monthFromNow(offset: number, day = 1): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, day));
}

export type SeedVersion = {
  unitAmount: number;
  interval?: "month" | "quarter" | "year";
  status?: "active" | "paused" | "canceled";
  startsAt: Date;
  endsAt?: Date | null;
  effectiveAt: Date;
};

/** A retainer with its versions (version numbers in order), recorded now: earlier effective_at = back-dated. */
export async function seedRetainer(
  client: pg.Client,
  input: { orgId: string; clientId: string; name: string; currency?: string; versions: SeedVersion[] },
): Promise<string> {
  const currency = input.currency ?? "USD";
  const retainer = await client.query<{ id: string }>(
    `INSERT INTO retainers (id, org_id, client_id, name, currency, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, now()) RETURNING id`,
    [input.orgId, input.clientId, input.name, currency],
  );
  const retainerId = retainer.rows[0]!.id;
  let version = 1;
  for (const terms of input.versions) {
    await client.query(
      `INSERT INTO retainer_versions (id, org_id, retainer_id, client_id, version, effective_at, status, unit_amount,
         quantity, interval, currency, starts_at, ends_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $10, $11)`,
      [
        input.orgId,
        retainerId,
        input.clientId,
        version++,
        terms.effectiveAt,
        terms.status ?? "active",
        terms.unitAmount,
        terms.interval ?? "month",
        currency,
        terms.startsAt,
        terms.endsAt ?? null,
      ],
    );
  }
  return retainerId;
}
