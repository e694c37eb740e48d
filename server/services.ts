import type { ClientAddressOptions, OriginRegistry, RateLimit } from './auth/index.ts';
import type { CoachEngine } from './coach/engine.ts';
import type { Library } from './coach/library.ts';
import type { Knowledge } from './knowledge.ts';
import type { Logger } from './logger.ts';
import type { ResourceIndex } from './retrieval/index.ts';
import type { Store } from './store/index.ts';

/** The demo site's people, when demo mode seeded them (see server/demo/seed.ts). */
export interface DemoParticipants {
  siteId: string;
  menteeId: string;
  mentorId: string;
}

/** What the routes need, built once at start-up (server/main.ts), or by tests around real parts of their own. */
export interface Services {
  logger: Logger;
  store: Store;
  origins: OriginRegistry;
  /** The index and the coaching library, set once start-up has built them, swapped together on a reload. */
  knowledge: Knowledge;
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

export type { AppEnv } from './app-env.ts';

export function requireLibrary(services: Services): Library {
  return services.knowledge.forCoaching().library;
}

export function requireIndex(services: Services): ResourceIndex {
  return services.knowledge.snapshot().index;
}
