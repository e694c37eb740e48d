import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/index.ts';
import type { Principal } from './principal.ts';

/** Which sites allow which browser origins, kept fresh by the routes that change sites (and, with a shared database, by `follow`). */
export class OriginRegistry {
  private bySite = new Map<string, Set<string>>();

  constructor(private readonly store: Store) {}

  /** Reads every site's origins (at start-up). */
  async load(): Promise<void> {
    // Read into a new map and swap it in whole: requests during the read see the old one, never a half-filled one.
    const bySite = new Map<string, Set<string>>();
    let cursor: string | undefined;
    do {
      const page = await this.store.sites.list({ limit: 200, cursor });
      for (const site of page.items) bySite.set(site.id, new Set(site.allowedOrigins));
      cursor = page.nextCursor;
    } while (cursor);
    this.bySite = bySite;
  }

  /**
   * `load`, for instances that share a database, then every `intervalMs` a question whether
   * any site changed (one cheap query) and a fresh read if so, so that origins another
   * instance added or removed take effect here within that time. The mark is read before the
   * sites: a change made during a read moves it, and the next check reads again.
   */
  async follow(intervalMs: number, logger: Logger): Promise<void> {
    let mark = await this.store.sites.changeMark();
    await this.load();
    setInterval(async () => {
      try {
        const latest = await this.store.sites.changeMark();
        if (latest === mark) return;
        await this.load();
        mark = latest;
      } catch (error) {
        logger.warn('could not check the sites for changed origins', { error: error instanceof Error ? error.message : String(error) });
      }
    }, intervalMs).unref();
  }

  set(siteId: string, origins: string[]): void {
    this.bySite.set(siteId, new Set(origins));
  }

  remove(siteId: string): void {
    this.bySite.delete(siteId);
  }

  /** Some site allows this origin: enough to answer a preflight, which carries no credential. */
  anyAllows(origin: string): boolean {
    for (const origins of this.bySite.values()) if (origins.has(origin)) return true;
    return false;
  }

  allows(siteId: string, origin: string): boolean {
    return this.bySite.get(siteId)?.has(origin) ?? false;
  }
}

const ALLOWED_HEADERS = 'Authorization, Content-Type, Accept, X-Request-Id';
const ALLOWED_METHODS = 'GET, POST, PATCH, DELETE, OPTIONS';

/**
 * CORS per site. A browser request from an origin no site lists gets no CORS headers, so the
 * browser refuses it; a preflight is answered for an origin some site lists. Once the
 * credential is known, `requireAllowedOrigin` refuses (403) an origin that the caller's own
 * site does not list: site A's page cannot use site B's tokens.
 */
export function siteCors(registry: OriginRegistry): MiddlewareHandler {
  return async function corsForSites(c, next) {
    const origin = c.req.header('origin');
    if (!origin || !registry.anyAllows(origin)) {
      if (c.req.method === 'OPTIONS' && origin) return c.body(null, 204);
      return next();
    }
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Vary', 'Origin');
    c.header('Access-Control-Expose-Headers', 'Retry-After, X-Request-Id, X-Coach-Engine, X-Coach-Fallback');
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', ALLOWED_METHODS);
      c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    return next();
  };
}

/** Pages served by the coach itself (the demo) are same-origin: no site needs to list them. */
export function requireAllowedOrigin(registry: OriginRegistry, principal: Principal, origin: string | undefined, ownOrigin: string): void {
  if (!origin || origin === ownOrigin || principal.kind === 'operator') return;
  if (!registry.allows(principal.siteId, origin)) {
    throw new ApiError(403, 'origin_not_allowed', `This site does not allow requests from ${origin}; add it to the site's allowedOrigins.`);
  }
}
