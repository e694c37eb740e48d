import { hkdfSync } from 'node:crypto';
import type { SiteRepository, Store } from '../store/index.ts';

/** Names what the derived key is for, so the same two secrets never yield it for anything else. */
const PURPOSE = 'mentor-coach participant-token signing key v1';

/**
 * The key that signs a site's participant tokens: HKDF-SHA256 of the site's secret (stored in
 * the database) with the server secret (COACH_SECRET, or the file beside coach.db) as salt.
 * Someone with a copy of coach.db and not the server secret cannot mint a token, and a
 * server started with another secret refuses every token minted before.
 */
export function deriveTokenKey(serverSecret: string, siteSecret: string): string {
  return Buffer.from(hkdfSync('sha256', siteSecret, serverSecret, PURPOSE, 32)).toString('base64url');
}

/** Keys derived so far are kept: every request with a token needs its site's, and HKDF is not free. */
const DERIVED_KEYS = 10_000;

/**
 * The store as the server uses it: `sites.secrets()` answers the derived signing key in
 * `tokenSecret`, so every place that signs or checks a token (minting, the demo, the
 * authentication) uses the derived key without knowing about it. Writes are unchanged: the
 * database only ever holds the site's half.
 */
export function withTokenKeys(store: Store, serverSecret: string): Store {
  // By the site's stored secret: a replaced one is a new entry, and the oldest go past the bound.
  const derived = new Map<string, string>();
  const keyOf = (siteSecret: string) => {
    let key = derived.get(siteSecret);
    if (key === undefined) {
      key = deriveTokenKey(serverSecret, siteSecret);
      if (derived.size >= DERIVED_KEYS) derived.delete(derived.keys().next().value!);
      derived.set(siteSecret, key);
    }
    return key;
  };
  const sites = overriding(store.sites, {
    async secrets(id: string) {
      const stored = await store.sites.secrets(id);
      return stored && { keyHash: stored.keyHash, tokenSecret: keyOf(stored.tokenSecret) };
    },
  } satisfies Partial<SiteRepository>);
  return overriding(store, { sites });
}

/**
 * `target` with some members replaced. A proxy rather than a spread, so that a store or
 * repository written as a class (its methods on the prototype, its state in private fields)
 * keeps working: every other member is the target's own, called on the target.
 */
function overriding<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}
