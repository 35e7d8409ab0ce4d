import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFetchHandler } from "../src/fetch-handler";
import { startTestApi, type TestApi } from "./helpers/test-api";

let t: TestApi;
let handle: (request: Request) => Promise<Response>;
beforeAll(async () => {
  t = await startTestApi();
  handle = createFetchHandler(t.api);
});
afterAll(() => t.close());

describe("serverless fetch handler", () => {
  it("runs the same pipeline: request id, headers, procedures", async () => {
    const response = await handle(new Request("https://api.example.test/trpc/system.status"));
    const body = (await response.json()) as { result: { data: { status: string } } };
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(body.result.data.status).toBe("ok");
  });

  it("passes POST bodies and returns the error envelope", async () => {
    const response = await handle(
      new Request("https://api.example.test/trpc/system.echo", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message: "" }),
      }),
    );
    const body = (await response.json()) as { error: { data: { code: string } } };
    expect(response.status).toBe(400);
    expect(body.error.data.code).toBe("VALIDATION_ERROR");
  });

  it("answers unknown paths with the 404 envelope", async () => {
    const response = await handle(new Request("https://api.example.test/missing"));
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  });
});
