import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';
import type { AppEnv } from '../services.ts';
import type { Store } from '../store/index.ts';
import { readParticipantToken, signatureMatches } from './participant-tokens.ts';
import { parseSiteKey, sameSecret, sha256 } from './secrets.ts';

export interface AuthenticateOptions {
  store: Store;
  /** The operator key; without it no request is an operator's. */
  adminKey?: string;
  now?: () => Date;
}


const unauthorized = (message: string, code = 'unauthorized') =>
  new ApiError(401, code, message, undefined, { 'WWW-Authenticate': 'Bearer' });

/**
 * Establishes who is calling from `Authorization: Bearer <credential>`: the operator key, a
 * site key, or a participant token. Anything else is a 401 that says which it was not.
 */
export function authenticate(options: AuthenticateOptions): MiddlewareHandler<AppEnv> {
  const { store, adminKey } = options;
  const now = options.now ?? (() => new Date());
  return async function authenticateRequest(c, next) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized('Send a credential: Authorization: Bearer <site key or participant token>.');
    const credential = match[1]!;

    if (adminKey && sameSecret(credential, adminKey)) {
      c.set('principal', { kind: 'operator' });
      return next();
    }
    const siteKey = parseSiteKey(credential);
    if (siteKey) {
      const secrets = await store.sites.secrets(siteKey.siteId);
      if (!secrets || !sameSecret(sha256(siteKey.secret), secrets.keyHash)) throw unauthorized('This site key is not valid.');
      c.set('principal', { kind: 'site', siteId: siteKey.siteId });
      return next();
    }
    const token = readParticipantToken(credential);
    if (token) {
      const secrets = await store.sites.secrets(token.payload.site);
      if (!secrets || !signatureMatches(token, secrets.tokenSecret)) throw unauthorized('This participant token is not valid.', 'invalid_token');
      if (token.payload.exp * 1000 <= now().getTime()) {
        throw unauthorized('This participant token has expired: ask the host site for a new one.', 'token_expired');
      }
      // A participant erased after the token was minted has no data left to reach.
      const participant = await store.participants.get(token.payload.site, token.payload.sub);
      if (!participant) throw unauthorized('This participant token is not valid.', 'invalid_token');
      c.set('principal', { kind: 'participant', siteId: token.payload.site, participantId: token.payload.sub, role: participant.role });
      return next();
    }
    throw unauthorized('This credential is not valid.');
  };
}
