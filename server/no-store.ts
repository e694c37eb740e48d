import type { MiddlewareHandler } from 'hono';

/**
 * `Cache-Control: no-store` on every answer it wraps, errors included. API answers carry
 * participants' goals, notes and tokens: no browser cache or shared proxy may keep a copy,
 * and an error (a 401 or 404) must not be cached in place of the answer either. Set after
 * the route ran, so it also covers answers a route or the error handler built itself.
 */
export function noStore(): MiddlewareHandler {
  return async function noStoreAnswer(c, next) {
    await next();
    c.header('Cache-Control', 'no-store');
  };
}
