import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { canonicalAddress, clientAddress, compileTrustProxy, overwriteForwardedHeaders } from "./client-address.mjs";

const none = compileTrustProxy(false);
const all = compileTrustProxy(true);
const loopback = compileTrustProxy("loopback");
const edge = compileTrustProxy("10.0.0.0/8, 2001:db8:e::/48");

function request(remoteAddress: string | undefined, headers: Record<string, string | string[]>) {
  return { socket: { remoteAddress }, headers: { ...headers } } as unknown as IncomingMessage;
}

describe("clientAddress: the address the API must see", () => {
  it("is the socket's peer when no proxy is trusted, whatever the browser claims", () => {
    expect(clientAddress("198.51.100.7", "203.0.113.1", none)).toBe("198.51.100.7");
    expect(clientAddress("198.51.100.7", ["203.0.113.1", "203.0.113.2"], none)).toBe("198.51.100.7");
    expect(clientAddress("198.51.100.7", undefined, none)).toBe("198.51.100.7");
  });

  it("takes the entry a trusted proxy appended, and stops at the first untrusted hop", () => {
    // Browser 198.51.100.7 forged "1.1.1.1"; the edge (10.0.0.5) appended the real peer.
    expect(clientAddress("10.0.0.5", "1.1.1.1, 198.51.100.7", edge)).toBe("198.51.100.7");
    // Two trusted hops: edge → internal proxy → us.
    expect(clientAddress("10.0.0.9", "1.1.1.1, 198.51.100.7, 10.0.0.5", edge)).toBe("198.51.100.7");
    // The peer is not trusted: its X-Forwarded-For is ignored entirely.
    expect(clientAddress("198.51.100.7", "10.0.0.5, 1.1.1.1", edge)).toBe("198.51.100.7");
  });

  it("reads several X-Forwarded-For headers as one list, in order", () => {
    expect(clientAddress("10.0.0.5", ["1.1.1.1", "198.51.100.7"], edge)).toBe("198.51.100.7");
  });

  it("with TRUST_PROXY=true takes the leftmost entry (every hop is trusted), like Fastify", () => {
    expect(clientAddress("10.0.0.5", "203.0.113.9, 198.51.100.7", all)).toBe("203.0.113.9");
  });

  it("with loopback trusts 127.0.0.0/8 and ::1 only", () => {
    expect(clientAddress("127.0.0.1", "198.51.100.7", loopback)).toBe("198.51.100.7");
    expect(clientAddress("::1", "2001:db8::7", loopback)).toBe("2001:db8::7");
    expect(clientAddress("::ffff:127.0.0.1", "198.51.100.7", loopback)).toBe("198.51.100.7");
    expect(clientAddress("192.168.1.2", "198.51.100.7", loopback)).toBe("192.168.1.2");
  });

  it("handles IPv6 peers, trusted ranges and entries", () => {
    expect(clientAddress("2001:db8:e::1", "2001:DB8:1::42", edge)).toBe("2001:db8:1::42");
    expect(clientAddress("2001:db8:f::1", "2001:db8:1::42", edge)).toBe("2001:db8:f::1");
    expect(clientAddress("2001:db8::7", "1.1.1.1", none)).toBe("2001:db8::7");
  });

  it("reports IPv4 clients of a dual-stack socket as IPv4", () => {
    expect(clientAddress("::ffff:198.51.100.7", undefined, none)).toBe("198.51.100.7");
  });

  it("never returns junk: a trusted proxy passing a non-address yields that proxy", () => {
    expect(clientAddress("10.0.0.5", "not-an-ip", edge)).toBe("10.0.0.5");
    expect(clientAddress("10.0.0.5", "198.51.100.7:5000", edge)).toBe("10.0.0.5");
    expect(clientAddress("10.0.0.5", "unknown, ", all)).toBe("10.0.0.5");
    expect(clientAddress(undefined, "198.51.100.7", all)).toBeNull();
  });
});

describe("canonicalAddress", () => {
  it.each([
    ["198.51.100.7", "198.51.100.7"],
    [" ::FFFF:198.51.100.7 ", "198.51.100.7"],
    ["2001:DB8::1", "2001:db8::1"],
    ["::1", "::1"],
    ["fe80::1%eth0", "fe80::1"],
    ["", null],
    ["198.51.100.300", null],
    ["<script>", null],
  ])("%j → %j", (input, expected) => expect(canonicalAddress(input)).toBe(expected));
});

describe("compileTrustProxy", () => {
  it("accepts what Fastify accepts and refuses invalid entries", () => {
    expect(compileTrustProxy("127.0.0.1, 10.0.0.0/8, 192.168.0.0/255.255.0.0, ::1, fc00::/7, uniquelocal")("10.1.2.3", 0)).toBe(true);
    expect(() => compileTrustProxy("10.0.0.0/33")).toThrow(/invalid range/);
    expect(() => compileTrustProxy("proxy.internal")).toThrow(/invalid IP address/);
    expect(() => compileTrustProxy("10.0.0.1,")).toThrow(/invalid IP address/);
  });
});

describe("overwriteForwardedHeaders: what Next (and so the API) gets to see", () => {
  it("from an untrusted peer: exactly the socket address, and no forwarding claims at all", () => {
    const req = request("198.51.100.7", {
      host: "app.example.test",
      "x-forwarded-for": "203.0.113.1, 203.0.113.2",
      forwarded: "for=203.0.113.3;proto=https",
      "x-real-ip": "203.0.113.4",
      "x-forwarded-host": "evil.test",
      "x-forwarded-proto": "https",
      "x-forwarded-port": "443",
      cookie: "a=b",
    });
    expect(overwriteForwardedHeaders(req, none)).toBe("198.51.100.7");
    expect(req.headers).toEqual({ host: "app.example.test", "x-forwarded-for": "198.51.100.7", cookie: "a=b" });
  });

  it("from a trusted proxy: one address, and the host/proto that proxy set (its own, last entry)", () => {
    const req = request("10.0.0.5", {
      "x-forwarded-for": "1.1.1.1, 198.51.100.7",
      "x-forwarded-host": "evil.test, app.example.test",
      "x-forwarded-proto": "https",
      forwarded: "for=1.1.1.1",
      "x-real-ip": "1.1.1.1",
    });
    expect(overwriteForwardedHeaders(req, edge)).toBe("198.51.100.7");
    expect(req.headers).toEqual({
      "x-forwarded-for": "198.51.100.7",
      "x-forwarded-host": "app.example.test",
      "x-forwarded-proto": "https",
    });
  });

  it("adds x-forwarded-for when the browser sent none (Next would otherwise fill it in itself)", () => {
    const req = request("::ffff:198.51.100.7", {});
    overwriteForwardedHeaders(req, none);
    expect(req.headers["x-forwarded-for"]).toBe("198.51.100.7");
  });

  it("drops x-forwarded-for when there is no address to state", () => {
    const req = request(undefined, { "x-forwarded-for": "203.0.113.1" });
    expect(overwriteForwardedHeaders(req, all)).toBeNull();
    expect(req.headers["x-forwarded-for"]).toBeUndefined();
  });
});
