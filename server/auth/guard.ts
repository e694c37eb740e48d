import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Services } from '../services.ts';
import { authenticate } from './authenticate.ts';
import { requireAllowedOrigin } from './cors.ts';
import { principalKey } from './principal.ts';

/**
 * Every /v1 request but the demo's: who is calling (401 otherwise), from an origin their
 * site allows (403 otherwise), within their rate limit (429 otherwise).
 */
export function guard(services: Services): MiddlewareHandler<AppEnv> {
  const authenticateRequest = authenticate({ store: services.store, adminKey: services.adminKey, now: services.now });
  return async function guardRequest(c, next) {
    if (c.req.path.startsWith('/v1/demo/')) {
      services.rateLimiter?.take('demo');
      return next();
    }
    return authenticateRequest(c, async () => {
      const principal = c.get('principal');
      requireAllowedOrigin(services.origins, principal, c.req.header('origin'), new URL(c.req.url).origin);
      services.rateLimiter?.take(principalKey(principal));
      await next();
    });
  };
}
