// @ts-check
/**
 * Who is on the other end of a request, decided once at the edge of the web server, and the
 * forwarding headers Next.js (and through it the API) gets to see. Plain JavaScript: it runs in
 * the production server before Next loads (no TypeScript loader there); `tsc` checks it (checkJs).
 */
import { isIP } from "node:net";
import proxyAddr from "proxy-addr";

/** @typedef {(address: string, hop: number) => boolean} TrustProxy */

/** Headers that name a client or proxy and are never believed: nothing reads them, so nothing may pass them on. */
const UNTRUSTED_ALWAYS = ["forwarded", "x-real-ip"];
/** Believed only from a trusted peer (then reduced to the value that peer set, like Fastify does). */
const FROM_TRUSTED_PEER_ONLY = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"];

/**
 * TRUST_PROXY exactly as the API's Fastify applies it: `true` trusts every hop, `false` none, a
 * string is a comma-separated list of addresses, CIDRs, `ipv4/netmask` or proxy-addr's named
 * ranges (`loopback`, `linklocal`, `uniquelocal`). Throws on an invalid entry.
 * @param {boolean | string} setting
 * @returns {TrustProxy}
 */
export function compileTrustProxy(setting) {
  if (setting === true) return () => true;
  if (setting === false) return () => false;
  return proxyAddr.compile(setting.split(",").map((entry) => entry.trim()));
}

/**
 * A canonical address, or null for anything that is not one: IPv4-mapped IPv6 (`::ffff:1.2.3.4`,
 * what a dual-stack socket reports for IPv4 clients) becomes plain IPv4, IPv6 is lower-cased and
 * loses its zone (`%eth0`, meaningless beyond this host), so one client always lands in one
 * rate-limit bucket and the API's address schema accepts it.
 * @param {string | undefined} value
 * @returns {string | null}
 */
export function canonicalAddress(value) {
  let address = value?.trim().toLowerCase() ?? "";
  if (isIP(address) === 6) address = address.replace(/%.*$/, "");
  const kind = isIP(address);
  if (kind === 0) return null;
  const mapped = kind === 6 ? /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address) : null;
  return mapped?.[1] ?? address;
}

/**
 * The client's address, as Fastify computes `request.ip` (proxy-addr): the socket's peer, then,
 * for as long as the hop is trusted, the X-Forwarded-For entry it added, right to left. If that
 * entry is not an address (a trusted proxy passing on junk), the nearest hop that is one stands
 * in for it, so the answer is always a real address or null (no peer: the socket is gone).
 * @param {string | undefined} remoteAddress the socket's peer
 * @param {string | string[] | undefined} forwardedFor the X-Forwarded-For header(s) as received
 * @param {TrustProxy} trust
 * @returns {string | null}
 */
export function clientAddress(remoteAddress, forwardedFor, trust) {
  if (!remoteAddress) return null;
  const xff = Array.isArray(forwardedFor) ? forwardedFor.join(", ") : forwardedFor;
  // proxy-addr reads only these two fields of the request.
  const request = /** @type {import("node:http").IncomingMessage} */ (
    /** @type {unknown} */ ({ headers: { "x-forwarded-for": xff }, socket: { remoteAddress }, connection: { remoteAddress } })
  );
  const chain = proxyAddr.all(request, trust);
  for (let hop = chain.length - 1; hop >= 0; hop -= 1) {
    const address = canonicalAddress(chain[hop]);
    if (address) return address;
  }
  return null;
}

/**
 * @param {string | string[] | undefined} value
 * @returns {string | undefined}
 */
function lastEntry(value) {
  const joined = Array.isArray(value) ? value.join(",") : value;
  const entries = joined?.split(",").map((entry) => entry.trim()).filter(Boolean) ?? [];
  return entries.at(-1);
}

/**
 * Overwrites, in place, what the request says about where it came from, before Next sees it:
 * `x-forwarded-for` becomes exactly the one client address (Next only fills it in when absent, so
 * a browser's own value would otherwise reach every route handler and the API); `forwarded` and
 * `x-real-ip` go; `x-forwarded-host/-proto/-port` stay only when the peer is a trusted proxy.
 * @param {import("node:http").IncomingMessage} request
 * @param {TrustProxy} trust
 * @returns {string | null} the client address
 */
export function overwriteForwardedHeaders(request, trust) {
  const { headers } = request;
  const peer = request.socket.remoteAddress;
  const address = clientAddress(peer, headers["x-forwarded-for"], trust);
  if (address) headers["x-forwarded-for"] = address;
  else delete headers["x-forwarded-for"];
  for (const name of UNTRUSTED_ALWAYS) delete headers[name];
  const peerTrusted = peer !== undefined && trust(peer, 0);
  for (const name of FROM_TRUSTED_PEER_ONLY) {
    const value = peerTrusted ? lastEntry(headers[name]) : undefined;
    if (value) headers[name] = value;
    else delete headers[name];
  }
  return address;
}
