import { DATE_RANGE_MESSAGE, INVALID_CURSOR_MESSAGE, LONE_SURROGATE_MESSAGE, NUL_MESSAGE, RATE_DAY_MESSAGE } from "@agency/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headersFor, startFuzzFixture, type FuzzFixture } from "./fuzz-fixture";
import { encodeCursorLike, RawJson } from "./mutations";
import { sendTrpc, type ProcedureType } from "./trpc-http";

/**
 * One case per class of defect the outside tester's 912 requests found (128 answered 500),
 * over real HTTP as a signed-in org owner. The raw-HTTP classes (content types, preflight,
 * malformed JSON, batches) are in http-pipeline.test.ts.
 */
let f: FuzzFixture;
beforeAll(async () => {
  f = await startFuzzFixture();
});
afterAll(() => f?.close());

interface Answer {
  status: number;
  error?: {
    message: string;
    details?: { issues?: { path: (string | number)[]; message: string }[] };
    data: { code: string };
  };
}

async function call(type: ProcedureType, path: string, input: unknown): Promise<Answer> {
  const outcome = await sendTrpc(f.base, { path, type, input, headers: headersFor(f, "owner") });
  expect(outcome.problems, `${path} ${JSON.stringify(input)} → ${outcome.body}`).toEqual([]);
  if (type === "subscription") {
    const error = /event: serialized-error\ndata: (.*)\n/.exec(outcome.body)?.[1];
    if (!error) return { status: outcome.status };
    const parsed = JSON.parse(error) as Answer["error"] & { data: { httpStatus: number } };
    return { status: parsed!.data.httpStatus, error: parsed };
  }
  const body = JSON.parse(outcome.body) as { error?: Answer["error"] };
  return { status: outcome.status, error: body.error };
}
const query = (path: string, input: unknown) => call("query", path, input);
const mutation = (path: string, input: unknown) => call("mutation", path, input);

/** A 400 VALIDATION_ERROR whose first issue is at `path` with `message`. */
function expectInvalid(answer: Answer, path: (string | number)[], message: string) {
  expect(answer.status).toBe(400);
  expect(answer.error?.data.code).toBe("VALIDATION_ERROR");
  expect(answer.error?.details?.issues).toContainEqual(expect.objectContaining({ path, message }));
}

/** Every text field class: the input with `value` planted, and where the issue is reported. */
const textFields = (value: string) =>
  [
    ["mutation", "clients.create", { orgId: f.orgId, name: value }, ["name"]],
    ["mutation", "clients.create", { orgId: f.orgId, name: "Ok", contactName: value }, ["contactName"]],
    ["mutation", "tasks.create", { orgId: f.orgId, projectId: f.projectIds[0], title: value }, ["title"]],
    [
      "mutation",
      "tasks.create",
      { orgId: f.orgId, projectId: f.projectIds[0], title: "Ok", description: value },
      ["description"],
    ],
    [
      "mutation",
      "tasks.create",
      { orgId: f.orgId, projectId: f.projectIds[0], title: "Ok", labels: [value] },
      ["labels", 0],
    ],
    ["mutation", "projects.create", { orgId: f.orgId, clientId: f.clientIds[0], name: `Ok ${value}` }, ["name"]],
    ["mutation", "comments.create", { orgId: f.orgId, taskId: f.taskIds[0], body: value }, ["body"]],
    ["mutation", "organizations.update", { orgId: f.orgId, name: `Org ${value}` }, ["name"]],
    ["mutation", "account.updateProfile", { name: value }, ["name"]],
    ["mutation", "organizations.create", { name: `Org ${value}` }, ["name"]],
    ["query", "clients.list", { orgId: f.orgId, search: `ac${value}` }, ["search"]],
    ["query", "projects.list", { orgId: f.orgId, search: `ac${value}` }, ["search"]],
    ["query", "tasks.list", { orgId: f.orgId, search: `de${value}` }, ["search"]],
    ["query", "tasks.list", { orgId: f.orgId, label: value }, ["label"]],
    ["query", "audit.list", { orgId: f.orgId, targetId: value }, ["targetId"]],
    ["query", "audit.list", { orgId: f.orgId, targetType: value }, ["targetType"]],
  ] as const;

describe("NUL (U+0000) in text: PostgreSQL text cannot hold it", () => {
  it("is a 400 naming the field, on every kind of text field and search", async () => {
    for (const [type, path, input, at] of textFields("a\u0000b")) {
      expectInvalid(await call(type, path, input), [...at], NUL_MESSAGE);
    }
  });
});

describe("lone UTF-16 surrogates in text", () => {
  it.each([
    ["a high surrogate", "a\uD800b"],
    ["a low surrogate", "a\uDFFFb"],
  ])("%s is a 400 naming the field", async (_, value) => {
    for (const [type, path, input, at] of textFields(value)) {
      expectInvalid(await call(type, path, input), [...at], LONE_SURROGATE_MESSAGE);
    }
  });

  it("a valid surrogate pair (an emoji) is fine", async () => {
    expect((await mutation("clients.create", { orgId: f.orgId, name: "Rocket 🚀" })).status).toBe(200);
  });
});

describe("%, _ and \\ in searches match literally", () => {
  it("finds the task titled with them", async () => {
    const response = await fetch(
      `${f.base}/trpc/tasks.list?input=${encodeURIComponent(JSON.stringify({ orgId: f.orgId, search: "100%_done\\" }))}`,
      { headers: headersFor(f, "owner") },
    );
    const body = (await response.json()) as { result: { data: { items: { title: string }[] } } };
    expect(response.status).toBe(200);
    expect(body.result.data.items.map((task) => task.title)).toEqual([
      "Ship 100%_done\\",
      "Ship 100%_done\\",
      "Ship 100%_done\\",
    ]);
  });
});

describe("crafted cursors are 400 Invalid cursor", () => {
  const id = () => f.taskIds[0]!;
  const lists = () =>
    [
      ["clients.list", { orgId: f.orgId }],
      ["clients.list", { orgId: f.orgId, sort: "newest" }],
      ["projects.list", { orgId: f.orgId }],
      ["projects.list", { orgId: f.orgId, sort: "newest" }],
      ["tasks.list", { orgId: f.orgId }],
      ["tasks.list", { orgId: f.orgId, sort: "updated" }],
      ["tasks.list", { orgId: f.orgId, sort: "due" }],
      ["tasks.list", { orgId: f.orgId, sort: "position", projectId: f.projectIds[0] }],
      ["comments.list", { orgId: f.orgId, taskId: f.taskIds[0] }],
      ["audit.list", { orgId: f.orgId }],
    ] as const;

  it.each([
    ["a key past any Date (1e300)", () => encodeCursorLike([1e300, id()])],
    ["a key JSON reads as Infinity (1e999)", () => encodeCursorLike([new RawJson("1e999"), id()])],
    ["a key before year 1", () => encodeCursorLike([-8.64e15, id()])],
    ["a fractional key", () => encodeCursorLike([1.5, id()])],
    ["a key with NUL", () => encodeCursorLike(["a\u0000", id()])],
    ["a key with a lone surrogate", () => encodeCursorLike(["\uD800", id()])],
    ["an id beyond 64 bits (20 digits)", () => encodeCursorLike([Date.now(), "99999999999999999999"])],
    ["an id past int8 max (19 digits)", () => encodeCursorLike([Date.now(), "9999999999999999999"])],
    ["an id that is no id", () => encodeCursorLike([Date.now(), "x"])],
    ["not a pair", () => encodeCursorLike({ a: 1 })],
    ["not JSON", () => Buffer.from("{nope").toString("base64url")],
    ["not base64url", () => "a+b/c="],
  ])("%s", async (_, cursor) => {
    for (const [path, input] of lists()) {
      const answer = await query(path, { ...input, cursor: cursor() });
      expect(answer.status, `${path} ${JSON.stringify(input)}`).toBe(400);
      expect(answer.error?.data.code).toBe("VALIDATION_ERROR");
      expect(answer.error?.details?.issues?.[0]?.message).toBe(INVALID_CURSOR_MESSAGE);
    }
  });

  it("a non-numeric key where a timestamp belongs (tasks newest/updated)", async () => {
    for (const sort of ["newest", "updated"]) {
      expect((await query("tasks.list", { orgId: f.orgId, sort, cursor: encodeCursorLike(["x", id()]) })).status).toBe(
        400,
      );
    }
  });

  it("a due-date key that is no calendar day, a board key that is no number", async () => {
    for (const key of ["d:10000-01-01", "d:2026-1-1", "d:x", "nope"]) {
      expect(
        (await query("tasks.list", { orgId: f.orgId, sort: "due", cursor: encodeCursorLike([key, id()]) })).status,
      ).toBe(400);
    }
    for (const key of ["todo:NaN", "todo:", "bogus:1", "todo:1e999x"]) {
      const input = {
        orgId: f.orgId,
        sort: "position",
        projectId: f.projectIds[0],
        cursor: encodeCursorLike([key, id()]),
      };
      expect((await query("tasks.list", input)).status).toBe(400);
    }
  });

  // Cursors a service decodes itself (keys of the wrong kind, Infinity, year 0000): a 400 each.
  const pending: [string, string, () => Record<string, unknown>][] = [
    [
      "comments.list",
      "a text key",
      () => ({ orgId: f.orgId, taskId: f.taskIds[0], cursor: encodeCursorLike(["x", id()]) }),
    ],
    [
      "clients.list",
      "a text key (sort newest)",
      () => ({ orgId: f.orgId, sort: "newest", cursor: encodeCursorLike(["x", id()]) }),
    ],
    [
      "projects.list",
      "a text key (sort newest)",
      () => ({ orgId: f.orgId, sort: "newest", cursor: encodeCursorLike(["x", id()]) }),
    ],
    ["audit.list", "a text key", () => ({ orgId: f.orgId, cursor: encodeCursorLike(["x", "1"]) })],
    [
      "tasks.list",
      "a board key of 1e999 (sort position)",
      () => ({
        orgId: f.orgId,
        sort: "position",
        projectId: f.projectIds[0],
        cursor: encodeCursorLike(["todo:1e999", id()]),
      }),
    ],
    [
      "tasks.list",
      "a due-date key in year 0000",
      () => ({ orgId: f.orgId, sort: "due", cursor: encodeCursorLike(["d:0000-01-01", id()]) }),
    ],
  ];
  // A race, not a cursor: two first sign-ins with one provider account at once.
  it("auth.oauthSignIn twice at once for a new provider account signs both in", async () => {
    // Five tries, each a batch of two identical first sign-ins: the race is near certain in one.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const input = {
        provider: "github",
        providerAccountId: `race-${attempt}`,
        email: `race-${attempt}@fuzz.test`,
        emailVerified: true,
      };
      const answer = await sendTrpc(f.base, {
        path: "auth.oauthSignIn",
        type: "mutation",
        input,
        headers: headersFor(f, "internal"),
        batchWith: "auth.oauthSignIn",
      });
      expect(answer.problems).toEqual([]);
    }
  });
  it.each(pending)("%s with %s is a 400", async (path, _, input) => {
    const answer = await sendTrpc(f.base, { path, type: "query", input: input(), headers: headersFor(f, "owner") });
    expect(answer.status).toBe(400);
  });
});

describe("versions and page sizes beyond int4", () => {
  const withVersion = () =>
    [
      ["clients.update", { orgId: f.orgId, clientId: f.clientIds[0], patch: { name: "X" } }],
      ["clients.delete", { orgId: f.orgId, clientId: f.clientIds[0] }],
      ["clients.restore", { orgId: f.orgId, clientId: f.clientIds[0] }],
      ["projects.update", { orgId: f.orgId, projectId: f.projectIds[0], patch: { name: "X" } }],
      ["projects.delete", { orgId: f.orgId, projectId: f.projectIds[0] }],
      ["projects.restore", { orgId: f.orgId, projectId: f.projectIds[0] }],
      ["tasks.update", { orgId: f.orgId, taskId: f.taskIds[0], patch: { title: "X" } }],
      ["tasks.move", { orgId: f.orgId, taskId: f.taskIds[0], status: "done", afterTaskId: null }],
      ["tasks.delete", { orgId: f.orgId, taskId: f.taskIds[0] }],
      ["tasks.restore", { orgId: f.orgId, taskId: f.taskIds[0] }],
      ["comments.update", { orgId: f.orgId, commentId: f.commentIds[0], body: "X" }],
      ["comments.delete", { orgId: f.orgId, commentId: f.commentIds[0] }],
    ] as const;

  it("expectedVersion 2^31 is a 400 on every versioned write", async () => {
    for (const [path, input] of withVersion()) {
      expectInvalid(
        await mutation(path, { ...input, expectedVersion: 2 ** 31 }),
        ["expectedVersion"],
        "This version does not exist",
      );
    }
  });

  it.each([2 ** 53, 1e21, 1.5, -1])("expectedVersion %s is a 400 on every versioned write", async (version) => {
    for (const [path, input] of withVersion()) {
      expect((await mutation(path, { ...input, expectedVersion: version })).status).toBe(400);
    }
  });

  it("expectedVersion 1e999 (Infinity once parsed) is a 400", async () => {
    for (const [path, input] of withVersion()) {
      expect((await mutation(path, { ...input, expectedVersion: new RawJson("1e999") })).status).toBe(400);
    }
  });

  it("the largest int4 version is a clean CONFLICT (stale), not a database error", async () => {
    const answer = await mutation("tasks.update", {
      orgId: f.orgId,
      taskId: f.taskIds[0],
      expectedVersion: 2 ** 31 - 1,
      patch: { title: "X" },
    });
    expect(answer.status).toBe(409);
  });

  it("limit 2^31 is a 400", async () => {
    expect((await query("tasks.list", { orgId: f.orgId, limit: 2 ** 31 })).status).toBe(400);
  });
});

describe("dates PostgreSQL rejects or no one means", () => {
  const dated = (day: string) =>
    [
      [
        "mutation",
        "tasks.create",
        { orgId: f.orgId, projectId: f.projectIds[0], title: "T", dueDate: day },
        ["dueDate"],
      ],
      [
        "mutation",
        "tasks.update",
        { orgId: f.orgId, taskId: f.taskIds[0], expectedVersion: 1, patch: { dueDate: day } },
        ["patch", "dueDate"],
      ],
      [
        "mutation",
        "projects.create",
        { orgId: f.orgId, clientId: f.clientIds[0], name: "P", startDate: day },
        ["startDate"],
      ],
      [
        "mutation",
        "projects.create",
        { orgId: f.orgId, clientId: f.clientIds[0], name: "P", dueDate: day },
        ["dueDate"],
      ],
      [
        "mutation",
        "projects.update",
        { orgId: f.orgId, projectId: f.projectIds[0], expectedVersion: 1, patch: { startDate: day } },
        ["patch", "startDate"],
      ],
      ["query", "tasks.list", { orgId: f.orgId, dueFrom: day }, ["dueFrom"]],
      ["query", "tasks.list", { orgId: f.orgId, dueTo: day }, ["dueTo"]],
    ] as const;

  it.each(["0000-01-01", "0001-01-01", "1899-12-31", "3000-01-01"])("%s is a 400 naming the range", async (day) => {
    for (const [type, path, input, at] of dated(day))
      expectInvalid(await call(type, path, input), [...at], DATE_RANGE_MESSAGE);
  });

  it.each(["10000-01-01", "2026-02-30", "2025-02-29", "2026-13-01"])("%s is a 400 (no such day)", async (day) => {
    for (const [type, path, input] of dated(day)) expect((await call(type, path, input)).status).toBe(400);
  });

  it("the range's ends are accepted", async () => {
    for (const day of ["1900-01-01", "2999-12-31"]) {
      expect(
        (await mutation("tasks.create", { orgId: f.orgId, projectId: f.projectIds[0], title: day, dueDate: day }))
          .status,
      ).toBe(200);
    }
  });
});

describe("exchange-rate days outside what the table keeps", () => {
  it.each(["2800-02-29", "2201-01-01", "1969-12-31"])("revenue.setRate on %s is a 400 naming the day, not a CHECK violation", async (day) => {
    const input = { orgId: f.orgId, currency: "CDF", day, rate: "1280747" };
    expectInvalid(await mutation("revenue.setRate", input), ["day"], RATE_DAY_MESSAGE);
  });
});

describe("board.events lastEventId beyond int8", () => {
  it.each(["9999999999999999999", "9223372036854775808", "99999999999999999999"])(
    "%s is a 400 VALIDATION_ERROR in the stream, not a 500",
    async (lastEventId) => {
      const answer = await call("subscription", "board.events", {
        orgId: f.orgId,
        projectId: f.projectIds[0],
        lastEventId,
      });
      expect(answer.status).toBe(400);
      expect(answer.error?.data.code).toBe("VALIDATION_ERROR");
    },
  );

  it("int8 max itself is accepted (the stream opens)", async () => {
    const answer = await call("subscription", "board.events", {
      orgId: f.orgId,
      projectId: f.projectIds[0],
      lastEventId: "9223372036854775807",
    });
    expect(answer).toEqual({ status: 200 });
  });
});
