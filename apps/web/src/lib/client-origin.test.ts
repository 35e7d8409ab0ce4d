import { describe, expect, it } from "vitest";
import { clientOrigin, clientOriginHeaders } from "./client-origin";

describe("clientOrigin", () => {
  it("takes the one address server/main.mjs wrote into x-forwarded-for, and the user agent", () => {
    expect(clientOrigin(new Headers({ "x-forwarded-for": "198.51.100.7", "user-agent": "UA/1" }))).toEqual({
      ip: "198.51.100.7",
      userAgent: "UA/1",
    });
    expect(clientOrigin({ "x-forwarded-for": "2001:db8::7" }).ip).toBe("2001:db8::7");
  });

  it.each([
    ["a list (did not pass through the web server)", "198.51.100.7, 203.0.113.1"],
    ["junk", "<script>"],
    ["an address with a port", "198.51.100.7:443"],
    ["nothing", ""],
  ])("yields no IP for %s", (_, value) => {
    expect(clientOrigin(new Headers({ "x-forwarded-for": value })).ip).toBeNull();
  });

  it("yields no IP for repeated headers in a Node header object", () => {
    expect(clientOrigin({ "x-forwarded-for": ["198.51.100.7", "203.0.113.1"] }).ip).toBeNull();
  });

  it("caps the user agent at 512 characters (the API's limit)", () => {
    expect(clientOrigin({ "user-agent": "x".repeat(600) }).userAgent).toHaveLength(512);
    expect(clientOrigin({}).userAgent).toBeNull();
  });
});

describe("clientOriginHeaders", () => {
  it("names the browser to the API, and leaves out what is unknown", () => {
    expect(clientOriginHeaders({ ip: "198.51.100.7", userAgent: "UA/1" })).toEqual({
      "x-agency-client-ip": "198.51.100.7",
      "user-agent": "UA/1",
    });
    expect(clientOriginHeaders({ ip: null, userAgent: null })).toEqual({});
  });
});
