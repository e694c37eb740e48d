export { goalFor, pairingFor, participantFor, requireOperator, requireSiteKey, siteOf } from './access.ts';
export { authenticate } from './authenticate.ts';
export { OriginRegistry, requireAllowedOrigin, siteCors } from './cors.ts';
export { DEFAULT_TOKEN_SECONDS, MAX_TOKEN_SECONDS, MIN_TOKEN_SECONDS, signParticipantToken } from './participant-tokens.ts';
export { principalKey, type Principal } from './principal.ts';
export { RateLimiter } from './rate-limit.ts';
export { newSiteKey, newTokenSecret } from './secrets.ts';
export { guard } from './guard.ts';
