import type { LookupAddress } from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutboundFailure, postOutbound } from "../src/lib/outbound-http";
import {
  assertAllowedAddress,
  assertAllowedTarget,
  assertAllowedUrl,
  createTargetPolicy,
  TargetRefused,
  type Resolver,
} from "../src/lib/outbound-target";
import { createSecretBox } from "../src/lib/secret-box";

const publicOnly = createTargetPolicy({});
const loopbackAllowed = createTargetPolicy({ allowPrivateCidrs: ["127.0.0.0/8"] });

/** A resolver answering from a script: each call takes the next answer (the last one repeats). */
function scriptedResolver(...answers: string[][]): Resolver & { calls: number } {
  const resolver = Object.assign(
    async (): Promise<LookupAddress[]> => {
      const answer = answers[Math.min(resolver.calls, answers.length - 1)]!;
      resolver.calls += 1;
      return answer.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    },
    { calls: 0 },
  );
  return resolver;
}

describe("SSRF: refused address classes", () => {
  it.each([
    ["IPv4 loopback", "127.0.0.1"],
    ["IPv4 loopback (whole /8)", "127.254.0.9"],
    ["RFC 1918 10/8", "10.1.2.3"],
    ["RFC 1918 172.16/12", "172.16.0.1"],
    ["RFC 1918 192.168/16", "192.168.1.1"],
    ["CGNAT 100.64/10", "100.64.0.1"],
    ["link-local 169.254/16", "169.254.10.10"],
    ["cloud metadata", "169.254.169.254"],
    ["unspecified IPv4", "0.0.0.0"],
    ["IPv4 multicast", "224.0.0.1"],
    ["IPv4 broadcast", "255.255.255.255"],
    ["documentation range (reserved)", "192.0.2.10"],
    ["IPv6 loopback", "::1"],
    ["IPv6 unspecified", "::"],
    ["IPv6 link-local fe80::/10", "fe80::1"],
    ["IPv6 unique-local fc00::/7", "fc00::1"],
    ["IPv6 unique-local fd00::/8", "fd12:3456::1"],
    ["IPv6 multicast", "ff02::1"],
    ["IPv4-mapped loopback", "::ffff:127.0.0.1"],
    ["IPv4-mapped metadata", "::ffff:169.254.169.254"],
    ["IPv4-mapped RFC 1918", "::ffff:10.0.0.1"],
  ])("refuses %s (%s)", (_label, address) => {
    expect(() => assertAllowedAddress(publicOnly, address)).toThrow(TargetRefused);
  });

  it.each([["93.184.215.14"], ["1.1.1.1"], ["2606:4700:4700::1111"], ["::ffff:93.184.215.14"]])("allows public %s", (address) => {
    expect(() => assertAllowedAddress(publicOnly, address)).not.toThrow();
  });

  it("WEBHOOK_ALLOW_PRIVATE_TARGETS opens exactly the listed ranges", () => {
    expect(() => assertAllowedAddress(loopbackAllowed, "127.0.0.1")).not.toThrow();
    expect(() => assertAllowedAddress(loopbackAllowed, "::ffff:127.0.0.1")).not.toThrow();
    expect(() => assertAllowedAddress(loopbackAllowed, "10.0.0.1")).toThrow(TargetRefused);
    expect(() => assertAllowedAddress(loopbackAllowed, "::1")).toThrow(TargetRefused);
  });
});

describe("SSRF: URL rules", () => {
  it.each([
    ["a non-http scheme", "ftp://example.com/hook"],
    ["file URLs", "file:///etc/passwd"],
    ["credentials in the URL", "https://user:secret@example.com/hook"],
    ["a port outside the allowlist", "https://example.com:22/hook"],
    ["an IPv6 literal loopback", "http://[::1]/hook"],
    ["an IPv4 literal in another notation", "http://0x7f.1/hook"],
    ["the metadata address", "http://169.254.169.254/latest/meta-data"],
  ])("refuses %s", (_label, url) => {
    expect(() => assertAllowedUrl(publicOnly, url)).toThrow(TargetRefused);
  });

  it("accepts a public https URL and allowlisted loopback on any port", () => {
    expect(assertAllowedUrl(publicOnly, "https://hooks.example.com/agency").host).toBe("hooks.example.com");
    expect(assertAllowedUrl(loopbackAllowed, "http://127.0.0.1:54321/hook").port).toBe("54321");
  });

  it("refuses a host name that resolves to a private address (any one of its addresses)", async () => {
    await expect(assertAllowedTarget(publicOnly, "https://internal.example/hook", scriptedResolver(["10.0.0.7"]))).rejects.toThrow(
      TargetRefused,
    );
    await expect(
      assertAllowedTarget(publicOnly, "https://mixed.example/hook", scriptedResolver(["93.184.215.14", "fd00::1"])),
    ).rejects.toThrow(TargetRefused);
    await expect(assertAllowedTarget(publicOnly, "https://public.example/hook", scriptedResolver(["93.184.215.14"]))).resolves.toBeInstanceOf(URL);
  });
});

describe("SSRF: at connect time", () => {
  let receiver: http.Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    receiver = http.createServer((request, response) => {
      hits += 1;
      request.resume();
      response.end("ok");
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it("DNS rebinding: public at check time, loopback at connect time → refused, nothing sent", async () => {
    const rebinding = scriptedResolver(["93.184.215.14"], ["127.0.0.1"]);
    const before = hits;
    const policy = createTargetPolicy({ allowedPorts: [port] });
    const error = await postOutbound(`http://rebind.example:${port}/hook`, {}, "{}", { policy, resolver: rebinding }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundFailure);
    expect((error as OutboundFailure).errorClass).toBe("ssrf_refused");
    expect(rebinding.calls).toBe(2);
    expect(hits).toBe(before);
  });

  it("connects to the address the guarded lookup checked (an allowlisted name reaches the receiver)", async () => {
    const resolver = scriptedResolver(["127.0.0.1"]);
    const answer = await postOutbound(`http://receiver.test:${port}/hook`, {}, "{}", { policy: loopbackAllowed, resolver });
    expect(answer.status).toBe(200);
    expect(answer.snippet).toBe("ok");
    expect(resolver.calls).toBe(2);
  });

  it("a loopback literal without the allowlist is refused before any connection", async () => {
    const before = hits;
    const error = await postOutbound(`http://127.0.0.1:${port}/hook`, {}, "{}", {
      policy: createTargetPolicy({ allowedPorts: [port] }),
    }).catch((e: unknown) => e);
    expect((error as OutboundFailure).errorClass).toBe("ssrf_refused");
    expect(hits).toBe(before);
  });
});

describe("secret box (AES-256-GCM at rest)", () => {
  const key = (byte: number) => Buffer.alloc(32, byte).toString("base64");

  it("opens what it sealed, only in the same context", () => {
    const box = createSecretBox([{ id: "k1", key: key(1) }]);
    const sealed = box.seal("whsec_abc", "webhook-secret:org-a");
    expect(sealed.keyId).toBe("k1");
    expect(sealed.ciphertext).not.toContain("whsec_abc");
    expect(box.open(sealed, "webhook-secret:org-a")).toBe("whsec_abc");
    expect(() => box.open(sealed, "webhook-secret:org-b")).toThrow();
  });

  it("rotation: a new first key seals, the old one still opens earlier ciphertexts", () => {
    const old = createSecretBox([{ id: "k1", key: key(1) }]);
    const sealedBefore = old.seal("secret", "ctx");
    const rotated = createSecretBox([
      { id: "k2", key: key(2) },
      { id: "k1", key: key(1) },
    ]);
    expect(rotated.open(sealedBefore, "ctx")).toBe("secret");
    expect(rotated.seal("secret", "ctx").keyId).toBe("k2");
    expect(() => createSecretBox([{ id: "k2", key: key(2) }]).open(sealedBefore, "ctx")).toThrow(/k1 is not configured/);
  });
});
