import { BlockList, isIP } from 'node:net';

/** 127.0.0.0/8 and ::1; BlockList also matches their IPv4-mapped and uncompressed spellings. */
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/**
 * A HOST only this machine can reach: demo mode (tokens without a credential) is on by
 * default only there. `localhost` is taken by name, as the resolver maps it to loopback.
 */
export function isLoopbackHost(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  const family = isIP(host);
  return family !== 0 && loopback.check(host, family === 4 ? 'ipv4' : 'ipv6');
}
