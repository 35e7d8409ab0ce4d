import { describe, expect, it } from "vitest";
import { matchMembers, mentionQueryAt, mentionsToDisplay, mentionsToStorage } from "./mentions";

const ADA = { userId: "0b8f6a2e-52b5-4c3e-8e0a-3d2f1e4c5b6a", name: "Ada Lovelace" };
const AL = { userId: "1c8f6a2e-52b5-4c3e-8e0a-3d2f1e4c5b6b", name: "Ada" };
const members = [ADA, AL];

describe("mentions", () => {
  it("round-trips names and ids, longest name first", () => {
    const stored = mentionsToStorage("Hi @Ada Lovelace and @Ada, mail ada@example.com", members);
    expect(stored).toBe(`Hi <@${ADA.userId}> and <@${AL.userId}>, mail ada@example.com`);
    expect(mentionsToDisplay(stored, members)).toBe("Hi @Ada Lovelace and @Ada, mail ada@example.com");
  });

  it("leaves unknown ids and non-members alone", () => {
    const unknown = "<@2c8f6a2e-52b5-4c3e-8e0a-3d2f1e4c5b6c>";
    expect(mentionsToDisplay(unknown, members)).toBe(unknown);
    expect(mentionsToStorage("@Bob said", members)).toBe("@Bob said");
  });

  it("finds the query before the caret and matches by word start", () => {
    expect(mentionQueryAt("Hello @Lov", 10)).toEqual({ start: 6, query: "Lov" });
    expect(mentionQueryAt("mail ada@ex", 11)).toBeNull();
    expect(mentionQueryAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(matchMembers(members, "lov")).toEqual([ADA]);
    expect(matchMembers(members, "")).toHaveLength(2);
  });
});
