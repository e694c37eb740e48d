import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import type { Store } from '../store/index.ts';
import { identifier } from './authenticate.ts';
import { addressKey, type ClientAddressOptions, clientAddress } from './client-address.ts';
import { type OriginRegistry, requireAllowedOrigin } from './cors.ts';
import { type Principal, principalKey } from './principal.ts';
import { enforce, type RateLimit, tooManyRequests } from './rate-limit.ts';

/** What the guard needs of the server's services (its own list, so that auth/ depends on nothing above it). */
export interface GuardServices {
  store: Store;
  origins: OriginRegistry;
  adminKey?: string;
  now?: () => Date;
  rateLimiter?: RateLimit;
  failedAuthLimiter?: RateLimit;
  demoTokenLimiter?: RateLimit;
  clientAddress?: ClientAddressOptions;
}

/**
 * Every /v1 request but the demo's: who is calling (401 otherwise), from an origin their
 * site allows (403 otherwise), within their rate limit (429 otherwise).
 *
 * Two limits count per client address rather than per credential. Refused credentials: an
 * address that has sent too many in a minute gets 429 before any credential of its is checked
 * again, so guessing keys or replaying stolen tokens from one place stays slow. Demo tokens:
 * the demo hands them out without a credential, so each address has its own allowance and
 * one visitor cannot use up everyone's.
 */
export function guard(services: GuardServices): MiddlewareHandler<AppEnv> {
  const identify = identifier({ store: services.store, adminKey: services.adminKey, now: services.now });
  const { failedAuthLimiter, demoTokenLimiter, rateLimiter } = services;
  return async function guardRequest(c, next) {
    const address = addressKey(clientAddress(c, services.clientAddress));
    if (c.req.path.startsWith('/v1/demo/')) {
      if (demoTokenLimiter) await enforce(demoTokenLimiter, `demo-token:${address}`, 'Too many demo tokens from your address');
      return next();
    }
    const failureKey = `auth-failure:${address}`;
    if (failedAuthLimiter) {
      const seconds = await failedAuthLimiter.wait(failureKey);
      if (seconds > 0) throw tooManyRequests(seconds, 'Too many refused credentials from your address');
    }
    const header = c.req.header('authorization');
    let principal: Principal;
    try {
      principal = await identify(header);
    } catch (error) {
      // Only a credential that was sent and refused counts: a page with no token yet is no guess.
      if (failedAuthLimiter && header && error instanceof ApiError && error.status === 401) await failedAuthLimiter.take(failureKey);
      throw error;
    }
    c.set('principal', principal);
    requireAllowedOrigin(services.origins, principal, c.req.header('origin'), new URL(c.req.url).origin);
    if (rateLimiter) await enforce(rateLimiter, principalKey(principal));
    await next();
  };
}
