export {
  goalFor,
  isOpen,
  pairingFor,
  participantFor,
  requireOperator,
  requireParticipant,
  requireSiteKey,
  sessionFor,
  siteOf,
  visibleParticipant,
} from './access.ts';
export { authenticate, identifier } from './authenticate.ts';
export { addressKey, type ClientAddressOptions, clientAddress, forwardedFor } from './client-address.ts';
export { OriginRegistry, requireAllowedOrigin, siteCors } from './cors.ts';
export { guard } from './guard.ts';
export { mintParticipantToken } from './mint.ts';
export { DEFAULT_TOKEN_SECONDS, MAX_TOKEN_SECONDS, MIN_TOKEN_SECONDS, signParticipantToken } from './participant-tokens.ts';
export { type Principal, principalKey } from './principal.ts';
export { enforce, type RateLimit, RateLimiter, tooManyRequests } from './rate-limit.ts';
export { isRevoked, revokeParticipantTokens } from './revocation.ts';
export { newSiteKey, newTokenSecret } from './secrets.ts';
export { loadServerSecret, MIN_SERVER_SECRET_LENGTH, SERVER_SECRET_FILE, type ServerSecret, ServerSecretError } from './server-secret.ts';
export { deriveTokenKey, withTokenKeys } from './token-keys.ts';
