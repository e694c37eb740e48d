/** How the client address is read and keyed for limits: X-Forwarded-For only from trusted proxies, IPv6 by /64. */
import { describe, expect, it } from 'vitest';
import { addressKey, forwardedFor } from '../../../server/auth/index.ts';

describe('forwardedFor', () => {
  it('takes the entry the outermost trusted proxy appended, counting from the right', () => {
    expect(forwardedFor('203.0.113.5', 1)).toBe('203.0.113.5');
    expect(forwardedFor('10.0.0.1, 203.0.113.5', 1)).toBe('203.0.113.5');
    expect(forwardedFor('10.0.0.1, 203.0.113.5, 192.168.0.2', 2)).toBe('203.0.113.5');
    expect(forwardedFor(' 2001:db8::1 ,198.51.100.7', 2)).toBe('2001:db8::1');
  });

  it('drops a port, as some proxies write one', () => {
    expect(forwardedFor('203.0.113.5:41234', 1)).toBe('203.0.113.5');
    expect(forwardedFor('[2001:db8::9]:443', 1)).toBe('2001:db8::9');
  });

  it('trusts nothing when the chain is shorter than the proxies, or the entry is not an address', () => {
    expect(forwardedFor('203.0.113.5', 2)).toBeUndefined();
    expect(forwardedFor(undefined, 1)).toBeUndefined();
    expect(forwardedFor('', 1)).toBeUndefined();
    expect(forwardedFor('unknown', 1)).toBeUndefined();
    expect(forwardedFor('203.0.113.5, _hidden', 1)).toBeUndefined();
    expect(forwardedFor('evil.example.org', 1)).toBeUndefined();
    expect(forwardedFor(`${'1.1.1.1, '.repeat(400)}203.0.113.5`, 1)).toBeUndefined();
  });
});

describe('addressKey', () => {
  it('keys IPv4 by the address, and IPv4-mapped IPv6 as the IPv4 address', () => {
    expect(addressKey('203.0.113.5')).toBe('203.0.113.5');
    expect(addressKey('::ffff:203.0.113.5')).toBe('203.0.113.5');
    expect(addressKey('::FFFF:203.0.113.5')).toBe('203.0.113.5');
  });

  it('keys IPv6 by its /64, whatever the spelling', () => {
    const key = '2001:db8:a:b::/64';
    for (const address of [
      '2001:db8:a:b::1',
      '2001:0DB8:000a:000b:0:0:0:2',
      '2001:db8:a:b:ffff:ffff:ffff:ffff',
      '2001:db8:a:b::1.2.3.4',
      '2001:db8:a:b::1%eth0',
    ]) {
      expect(addressKey(address), address).toBe(key);
    }
    expect(addressKey('2001:db8:a:c::1')).toBe('2001:db8:a:c::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(addressKey('1:2:3:4:5:6:7:8')).toBe('1:2:3:4::/64');
  });

  it('puts requests with no known address under one key', () => {
    expect(addressKey(undefined)).toBe('unknown');
    expect(addressKey('')).toBe('unknown');
  });
});
