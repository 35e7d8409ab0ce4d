import ipaddr from "ipaddr.js";
import { promises as dns } from "node:dns";
import type { LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";

/**
 * Where outbound HTTP (webhooks, Slack) may go: SSRF protection. Only public unicast addresses
 * (ipaddr.js's range table: loopback, RFC 1918, CGNAT 100.64/10, link-local 169.254/16 with the
 * cloud metadata address, fe80::/10, unique-local fc00::/7, multicast, unspecified, reserved and
 * documentation ranges, 6to4/Teredo/NAT64 embeddings are all refused; IPv4-mapped IPv6 is judged
 * as the IPv4 it carries), on allowed ports, over http(s), without credentials in the URL. The
 * check runs twice: before the request, and again inside the socket's own DNS lookup
 * (`connectLookup`), so a name that resolves to a public address at check time and to a private
 * one at connect time (DNS rebinding) is refused at connect — the address checked is the
 * address connected to. Redirects are never followed (the caller treats a 3xx as a failure).
 */
export interface TargetPolicy {
  /** CIDRs allowed although not public (WEBHOOK_ALLOW_PRIVATE_TARGETS: tests, local development). */
  allowPrivate: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
  allowedPorts: ReadonlySet<number>;
}

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;
export const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

export class TargetRefused extends Error {
  override name = "TargetRefused";
}

export function createTargetPolicy(options: { allowPrivateCidrs?: readonly string[]; allowedPorts?: readonly number[] }): TargetPolicy {
  return {
    allowPrivate: (options.allowPrivateCidrs ?? []).map((cidr) => ipaddr.parseCIDR(cidr)),
    allowedPorts: new Set(options.allowedPorts ?? [80, 443, 8080, 8443]),
  };
}

/** The address as ipaddr sees it, IPv4-mapped IPv6 (::ffff:a.b.c.d) unwrapped. */
function normalized(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const parsed = ipaddr.parse(address);
  return parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
    ? (parsed as ipaddr.IPv6).toIPv4Address()
    : parsed;
}

function inAllowlist(policy: TargetPolicy, address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return policy.allowPrivate.some(([range, bits]) => range.kind() === address.kind() && address.match([range, bits] as never));
}

/** Throws TargetRefused unless the address is public unicast or explicitly allowed. */
export function assertAllowedAddress(policy: TargetPolicy, address: string): void {
  if (!ipaddr.isValid(address)) throw new TargetRefused(`not an IP address: ${address}`);
  const ip = normalized(address);
  if (inAllowlist(policy, ip)) return;
  const range = ip.range();
  if (range !== "unicast") throw new TargetRefused(`address ${ip.toString()} is ${range}, not a public address`);
}

const isAllowedAddress = (policy: TargetPolicy, address: string) => {
  try {
    assertAllowedAddress(policy, address);
    return true;
  } catch {
    return false;
  }
};

/** The hostname without IPv6 brackets. */
const bareHost = (url: URL) => url.hostname.replace(/^\[|\]$/g, "");
const portOf = (url: URL) => Number(url.port) || (url.protocol === "https:" ? 443 : 80);

/**
 * What can be judged without DNS (on create and update): scheme, credentials, an IP literal's
 * class, and the port — a hostname on another port is accepted only when private targets are
 * configured (development), and then judged again at delivery with its resolved addresses.
 */
export function assertAllowedUrl(policy: TargetPolicy, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused("not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TargetRefused("only http and https URLs are allowed");
  if (url.username || url.password) throw new TargetRefused("credentials in the URL are not allowed");
  const host = bareHost(url);
  if (!host) throw new TargetRefused("the URL has no host");
  const literal = ipaddr.isValid(host);
  if (literal) assertAllowedAddress(policy, host);
  if (!policy.allowedPorts.has(portOf(url))) {
    const privateAllowed = literal ? inAllowlist(policy, normalized(host)) : policy.allowPrivate.length > 0;
    if (!privateAllowed) throw new TargetRefused(`port ${portOf(url)} is not allowed`);
  }
  return url;
}

/**
 * Before a request: the URL's rules, then every address its host resolves to (one private
 * address refuses the whole name). A port outside the allowlist is only allowed for targets
 * that are entirely inside WEBHOOK_ALLOW_PRIVATE_TARGETS.
 */
export async function assertAllowedTarget(policy: TargetPolicy, raw: string, resolver: Resolver = systemResolver) {
  const url = assertAllowedUrl(policy, raw);
  const host = bareHost(url);
  const addresses = ipaddr.isValid(host) ? [host] : (await resolver(host)).map((a) => a.address);
  if (addresses.length === 0) throw new TargetRefused(`${host} does not resolve`);
  for (const address of addresses) assertAllowedAddress(policy, address);
  if (!policy.allowedPorts.has(portOf(url)) && !addresses.every((a) => inAllowlist(policy, normalized(a)))) {
    throw new TargetRefused(`port ${portOf(url)} is not allowed`);
  }
  return url;
}

/**
 * The `lookup` for the request's socket: resolves again and refuses unless every address is
 * allowed, then hands the socket exactly those addresses. This is what closes the DNS-rebinding
 * gap between assertAllowedTarget and connect. (IP literals skip lookup; assertAllowedUrl
 * judged them.)
 */
export function connectLookup(policy: TargetPolicy, resolver: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolver(hostname).then(
      (addresses) => {
        const refused = addresses.find((a) => !isAllowedAddress(policy, a.address));
        if (addresses.length === 0 || refused) {
          const error = new TargetRefused(
            refused ? `${hostname} resolved to a refused address at connect time` : `${hostname} does not resolve`,
          );
          callback(error as NodeJS.ErrnoException, "", 0);
          return;
        }
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        const usable = wanted.length ? wanted : addresses;
        if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
}
