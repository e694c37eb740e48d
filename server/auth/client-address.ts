import { isIP, isIPv4 } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';

export interface ClientAddressOptions {
  /**
   * How many reverse proxies in front of the server append the address they were reached from
   * to X-Forwarded-For (COACH_TRUSTED_PROXIES). 0, the default, never reads the header: anyone
   * can write it, so trusting it without a proxy would let a client pick a fresh address per request.
   */
  trustedProxies?: number;
}

/** Longer than any chain of real proxies' addresses: not worth splitting. */
const MAX_FORWARDED_LENGTH = 2048;

/**
 * Who sent the request, for limits per client: the address in the environment when an
 * in-process caller names one (tests through `app.request(path, init, { clientAddress })`;
 * nothing on the network can set it), else the connection's peer. Behind trusted proxies,
 * the entry of X-Forwarded-For that the outermost trusted proxy wrote.
 */
export function clientAddress(c: Context<AppEnv>, options: ClientAddressOptions = {}): string | undefined {
  const peer = peerAddress(c);
  const proxies = options.trustedProxies ?? 0;
  if (proxies === 0 || peer === undefined) return peer;
  return forwardedFor(c.req.header('x-forwarded-for'), proxies) ?? peer;
}

function peerAddress(c: Context<AppEnv>): string | undefined {
  const environment = c.env as { clientAddress?: unknown; incoming?: unknown } | undefined;
  if (typeof environment?.clientAddress === 'string') return environment.clientAddress;
  if (!environment?.incoming) return undefined;
  try {
    return getConnInfo(c).remote.address;
  } catch {
    // A request that did not come through @hono/node-server: no peer to name.
    return undefined;
  }
}

/**
 * Each proxy appends the address it was reached from, so with `proxies` of them the client is
 * the `proxies`-th entry from the right; entries further left are the client's own claims.
 * Fewer entries than proxies: the request did not come through them all, so none is trusted.
 */
export function forwardedFor(header: string | undefined, proxies: number): string | undefined {
  if (!header || header.length > MAX_FORWARDED_LENGTH) return undefined;
  const hops = header.split(',');
  if (hops.length < proxies) return undefined;
  const address = withoutPort(hops[hops.length - proxies]!.trim());
  return isIP(address) ? address : undefined;
}

/** `[2001:db8::1]:443` and `203.0.113.7:8080`, as some proxies write them, without the port. */
function withoutPort(entry: string): string {
  if (entry.startsWith('[')) {
    const end = entry.indexOf(']');
    return end > 0 ? entry.slice(1, end) : entry;
  }
  const colon = entry.indexOf(':');
  return colon > 0 && colon === entry.lastIndexOf(':') ? entry.slice(0, colon) : entry;
}

/**
 * The key a client's requests are counted under. An IPv4 address is itself (an IPv4-mapped
 * IPv6 one too); an IPv6 address counts by its /64, since one subscriber is usually given a
 * whole /64 and could otherwise take a new address for each request. Requests with no known
 * address share one key.
 */
export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const bare = address.split('%')[0]!.toLowerCase();
  if (isIPv4(bare)) return bare;
  if (isIP(bare) !== 6) return bare;
  if (bare.startsWith('::ffff:') && isIPv4(bare.slice(7))) return bare.slice(7);
  return `${ipv6Groups(bare).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of a valid IPv6 address, `::` expanded; an embedded IPv4 counts as two. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const width = (groups: string[]) => groups.reduce((sum, group) => sum + (group.includes('.') ? 2 : 1), 0);
  const zeros = tail === undefined ? [] : new Array<string>(8 - width(left) - width(right)).fill('0');
  return [...left, ...zeros, ...right].map((group) => (group.includes('.') ? group : Number.parseInt(group, 16).toString(16)));
}
