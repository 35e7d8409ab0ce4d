import { expect, type Page } from "@playwright/test";

/** The origin header a same-origin browser mutation carries (the API refuses others). */
function originOf(page: Page): string {
  return new URL(page.url()).origin;
}

/** A tRPC mutation through the web app's proxy as this page's signed-in user; returns its data. */
export async function apiMutation<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const response = await page.request.post(`/api/trpc/${procedure}`, {
    headers: { origin: originOf(page), "content-type": "application/json" },
    data: input,
  });
  expect(response.status(), `${procedure}: ${await response.text()}`).toBe(200);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

/** The HTTP status of a tRPC mutation (for refusals). */
export async function apiMutationStatus(page: Page, procedure: string, input: unknown): Promise<number> {
  const response = await page.request.post(`/api/trpc/${procedure}`, {
    headers: { origin: originOf(page), "content-type": "application/json" },
    data: input,
  });
  return response.status();
}

/** A tRPC query through the proxy as this page's user. */
export async function apiQuery<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await page.request.get(`/api/trpc/${procedure}${query}`);
  expect(response.status(), `${procedure}: ${await response.text()}`).toBe(200);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

/** The id of this user's organization called `name`. */
export async function orgIdByName(page: Page, name: string): Promise<string> {
  const orgs = await apiQuery<{ id: string; name: string }[]>(page, "organizations.mine", undefined);
  const org = orgs.find((candidate) => candidate.name === name);
  if (!org) throw new Error(`organization ${name} not found`);
  return org.id;
}
