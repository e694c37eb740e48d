import type { ClientAddressOptions, OriginRegistry, Principal, RateLimit } from './auth/index.ts';
import type { CoachEngine } from './coach/engine.ts';
import type { Library } from './coach/library.ts';
import { ApiError } from './errors.ts';
import type { Logger } from './logger.ts';
import type { ResourceIndex } from './retrieval/index.ts';
import type { Store } from './store/index.ts';

/** The demo site's people, when demo mode seeded them (see server/demo/seed.ts). */
export interface DemoParticipants {
  siteId: string;
  menteeId: string;
  mentorId: string;
}

/** What the routes need, passed in so tests build an app around real parts of their own. */
export interface Services {
  logger: Logger;
  store: Store;
  origins: OriginRegistry;
  /** Undefined while start-up is still indexing the built-in corpus. */
  index?: ResourceIndex;
  /** The corpus's structured material, loaded once the index is ready. */
  library?: Library;
  /** The language-model engine, when a model is configured (OPENAI_* and COACH_MODEL). */
  modelEngine?: CoachEngine;
  /** The operator key (COACH_ADMIN_KEY); without it, no operator routes answer. */
  adminKey?: string;
  demo?: DemoParticipants;
  /** Requests per credential (COACH_RATE_LIMIT). */
  rateLimiter?: RateLimit;
  /** Refused credentials per client address (COACH_AUTH_FAILURE_LIMIT). */
  failedAuthLimiter?: RateLimit;
  /** Demo tokens per client address (COACH_DEMO_TOKEN_LIMIT). */
  demoTokenLimiter?: RateLimit;
  /** How the client address is found (COACH_TRUSTED_PROXIES). */
  clientAddress?: ClientAddressOptions;
  now?: () => Date;
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes?: number;
}

/**
 * The Hono environment of every router: who is calling, and the request id. `clientAddress`
 * lets in-process callers (tests, through `app.request(path, init, { clientAddress })`) say
 * where a request comes from; over the network the connection says it (server/auth/client-address.ts).
 */
export type AppEnv = { Variables: { principal: Principal; requestId: string }; Bindings: { clientAddress?: string } };

export function requireLibrary(services: Services): Library {
  if (!services.library) {
    throw new ApiError(503, 'starting', 'The coach is still starting (loading its library). Try again in a few seconds.', undefined, { 'Retry-After': '2' });
  }
  return services.library;
}

export function requireIndex(services: Services): ResourceIndex {
  if (!services.index) {
    throw new ApiError(503, 'starting', 'The coach is still starting (indexing its library). Try again in a few seconds.', undefined, { 'Retry-After': '2' });
  }
  return services.index;
}
