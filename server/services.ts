import { ApiError } from './errors.ts';
import type { Logger } from './logger.ts';
import type { ResourceIndex } from './retrieval/index.ts';

/** What the routes need, passed in so tests build an app around real parts of their own. */
export interface Services {
  logger: Logger;
  /** Undefined while start-up is still indexing the built-in corpus. */
  index?: ResourceIndex;
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes?: number;
}

export function requireIndex(services: Services): ResourceIndex {
  if (!services.index) {
    throw new ApiError(503, 'starting', 'The coach is still starting (indexing its library). Try again in a few seconds.', undefined, { 'Retry-After': '2' });
  }
  return services.index;
}
