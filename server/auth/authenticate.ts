import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import type { Store } from '../store/index.ts';
import { readParticipantToken, signatureMatches } from './participant-tokens.ts';
import type { Principal } from './principal.ts';
import { isRevoked } from './revocation.ts';
import { parseSiteKey, sameSecret, sha256 } from './secrets.ts';

export interface AuthenticateOptions {
  /** Read through `withTokenKeys` in the running server, so tokens are checked with the derived key. */
  store: Store;
  /** The operator key; without it no request is an operator's. */
  adminKey?: string;
  now?: () => Date;
}

const unauthorized = (message: string, code = 'unauthorized') => new ApiError(401, code, message, undefined, { 'WWW-Authenticate': 'Bearer' });

/** Anchored, and spaces and non-spaces alternate without overlap: no input makes it backtrack. */
const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Who is calling, from an `Authorization` header value: the operator key, a site key, or a
 * participant token. Anything else throws a 401 that says which it was not (`unauthorized`,
 * `invalid_token`, `token_expired`, `token_revoked`).
 */
export function identifier(options: AuthenticateOptions): (header: string | undefined) => Promise<Principal> {
  const { store, adminKey } = options;
  const now = options.now ?? (() => new Date());
  return async function identify(header) {
    const match = BEARER.exec(header ?? '');
    if (!match) throw unauthorized('Send a credential: Authorization: Bearer <site key or participant token>.');
    const credential = match[1]!;

    if (adminKey && sameSecret(credential, adminKey)) return { kind: 'operator' };
    const siteKey = parseSiteKey(credential);
    if (siteKey) {
      const secrets = await store.sites.secrets(siteKey.siteId);
      if (!secrets || !sameSecret(sha256(siteKey.secret), secrets.keyHash)) throw unauthorized('This site key is not valid.');
      return { kind: 'site', siteId: siteKey.siteId };
    }
    const token = readParticipantToken(credential);
    if (token) {
      const secrets = await store.sites.secrets(token.payload.site);
      if (!secrets || !signatureMatches(token, secrets.tokenSecret)) throw unauthorized('This participant token is not valid.', 'invalid_token');
      if (token.payload.exp * 1000 <= now().getTime()) {
        throw unauthorized('This participant token has expired: ask the host site for a new one.', 'token_expired');
      }
      // A participant erased after the token was minted has no data left to reach.
      const state = await store.participants.tokenState(token.payload.site, token.payload.sub);
      if (!state) throw unauthorized('This participant token is not valid.', 'invalid_token');
      if (isRevoked(token.payload, state)) {
        throw unauthorized('This participant token was revoked by the host site: ask it for a new one.', 'token_revoked');
      }
      return { kind: 'participant', siteId: token.payload.site, participantId: token.payload.sub, role: state.role };
    }
    throw unauthorized('This credential is not valid.');
  };
}

/** `identifier` as a middleware that sets `principal` for the routes. */
export function authenticate(options: AuthenticateOptions): MiddlewareHandler<AppEnv> {
  const identify = identifier(options);
  return async function authenticateRequest(c, next) {
    c.set('principal', await identify(c.req.header('authorization')));
    return next();
  };
}
