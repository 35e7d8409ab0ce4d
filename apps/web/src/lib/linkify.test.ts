import { describe, expect, it } from "vitest";
import { splitLinks } from "./linkify";

describe("splitLinks", () => {
  it("finds http(s) links between text", () => {
    expect(splitLinks("Accept:\nhttp://127.0.0.1:3000/invitations/abc-DEF_1 now")).toEqual([
      { kind: "text", value: "Accept:\n" },
      { kind: "link", value: "http://127.0.0.1:3000/invitations/abc-DEF_1" },
      { kind: "text", value: " now" },
    ]);
  });

  it("leaves a sentence's full stop out of the link", () => {
    expect(splitLinks("Go to https://example.test/x.")).toEqual([
      { kind: "text", value: "Go to " },
      { kind: "link", value: "https://example.test/x" },
      { kind: "text", value: "." },
    ]);
  });

  it("returns plain text unchanged, and nothing for empty text", () => {
    expect(splitLinks("no links here")).toEqual([{ kind: "text", value: "no links here" }]);
    expect(splitLinks("")).toEqual([]);
  });
});
