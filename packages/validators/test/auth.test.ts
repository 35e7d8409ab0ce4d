import { describe, expect, it } from "vitest";
import { emailSchema, passwordSchema, signUpInputSchema } from "../src/auth";

describe("auth schemas", () => {
  it("normalises emails to trimmed lower case", () => {
    expect(emailSchema.parse("  Dana@Example.COM ")).toBe("dana@example.com");
    expect(emailSchema.safeParse("not-an-email").success).toBe(false);
  });

  it.each([
    ["short", "Password must be at least 10 characters"],
    ["Password123", "This password is too common; choose another"],
    ["x".repeat(129), "Password must be at most 128 characters"],
  ])("rejects %s", (password, message) => {
    const result = passwordSchema.safeParse(password);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });

  it("accepts a long, uncommon passphrase", () => {
    expect(passwordSchema.safeParse("violet-otter-bicycle-42").success).toBe(true);
  });

  it("validates sign-up as a whole", () => {
    const parsed = signUpInputSchema.parse({ email: "A@B.co", name: " Ann ", password: "violet-otter-bicycle-42" });
    expect(parsed).toEqual({ email: "a@b.co", name: "Ann", password: "violet-otter-bicycle-42" });
  });
});
