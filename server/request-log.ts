import type { MiddlewareHandler } from 'hono';
import type { Logger } from './logger.ts';

/**
 * One structured line per request. The query string is left out on purpose: it can carry a
 * participant's own words (`?q=`), which do not belong in an operator's logs.
 */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async function logRequest(c, next) {
    const started = performance.now();
    await next();
    logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
