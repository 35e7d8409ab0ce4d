import { webEnvSchema } from "@agency/validators";
import { describe, expect, it } from "vitest";
import { loadServerEnv } from "./env.mjs";

const load = (env: Record<string, string>) => loadServerEnv({ dev: false }, env);

describe("the custom server's env", () => {
  it("defaults: port 3000, every interface, no trusted proxy", () => {
    const env = load({});
    expect(env).toMatchObject({ dev: false, port: 3000, host: undefined, trustProxySetting: false });
    expect(env.trustProxy("127.0.0.1", 0)).toBe(false);
  });

  it("names the bad variable in one line", () => {
    expect(() => load({ WEB_PORT: "http" })).toThrow(/^agency-web: Invalid environment: WEB_PORT: /);
    expect(() => load({ TRUST_PROXY: "10.0.0.0/40" })).toThrow(
      /^agency-web: Invalid environment: TRUST_PROXY: invalid range on address: 10\.0\.0\.0\/40$/,
    );
  });

  // The server cannot import the TypeScript schema; the two parses must agree on every value.
  it.each([
    ["false", false],
    ["true", true],
    [" loopback ", "loopback"],
    ["loopback,linklocal,uniquelocal", "loopback,linklocal,uniquelocal"],
    ["10.0.0.1", "10.0.0.1"],
    ["10.0.0.0/8, 192.168.0.0/255.255.0.0", "10.0.0.0/8, 192.168.0.0/255.255.0.0"],
    ["::1, fc00::/7, ::ffff:10.0.0.1", "::1, fc00::/7, ::ffff:10.0.0.1"],
    ["10.0.0.0/0", null],
    ["10.0.0.0/33", null],
    ["fc00::/129", null],
    ["10.0.0.0/255.0.255.0", null],
    ["proxy.internal", null],
    ["10.0.0.1,", null],
    ["yes", null],
  ])("TRUST_PROXY=%j parses the same in the web schema and the server (%j)", (value, expected) => {
    const schema = webEnvSchema.safeParse({ TRUST_PROXY: value });
    let server: boolean | string | null;
    try {
      server = load({ TRUST_PROXY: value }).trustProxySetting;
    } catch {
      server = null;
    }
    expect(schema.success ? schema.data.TRUST_PROXY : null, "webEnvSchema").toEqual(expected);
    expect(server, "server/env.mjs").toEqual(expected);
  });

  it("defaults TRUST_PROXY to false in the web schema too", () => {
    expect(webEnvSchema.parse({}).TRUST_PROXY).toBe(false);
  });
});
