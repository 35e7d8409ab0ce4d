import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "./helpers";

let t: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

describe("users table constraints", () => {
  it("refuses an email that is not lower-cased, so Alice@x and alice@x cannot be two accounts", async () => {
    await expect(t.prisma.user.create({ data: { email: "Alice@Example.com", name: "Alice" } })).rejects.toThrow(
      /users_email_lowercase/,
    );
    await t.prisma.user.create({ data: { email: "alice@example.com", name: "Alice" } });
    await expect(t.prisma.user.create({ data: { email: "alice@example.com", name: "Alice 2" } })).rejects.toThrow(
      /Unique constraint/,
    );
  });
});

describe("users.time_zone", () => {
  it("is optional (null means UTC) and bounded to 1–64 characters, whatever reaches the table", async () => {
    const user = await t.prisma.user.create({ data: { email: "zoned@example.com", name: "Zoned" } });
    expect(user.timeZone).toBeNull();
    await t.prisma.user.update({ where: { id: user.id }, data: { timeZone: "America/New_York" } });
    for (const timeZone of ["", "x".repeat(65)]) {
      await expect(t.prisma.user.update({ where: { id: user.id }, data: { timeZone } })).rejects.toThrow(
        /users_time_zone_length/,
      );
    }
  });
});
